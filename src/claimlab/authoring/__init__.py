"""For authors (instructors adapting the module, and CI): generate exercises from solutions
(:mod:`.build_exercises`), run notebooks (:mod:`.execute`), build static pages (:mod:`.static`), start
a module for another article (:mod:`.newarticle`), and render the data dictionary and the expert key
guide (:mod:`.dictionary`, :mod:`.keyguide`). Needs the ``claimlab[author]`` extra."""
