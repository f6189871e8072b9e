# Claim Lab's recipe for a JupyterHub on one Linux machine, with the machine's own user accounts.
#
#   sudo jupyterhub -f deploy/local/jupyterhub_config.py      (the hub runs as root to start
#                                                               each learner's server as that learner)
#
# benchmarks/hub_class.py runs this same file (its own login, ports and folders laid over it) with a
# class of simulated learners; deploy/local/README.md says what each part is for and what was measured.
# Change the lines marked SET.
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from claimlab_spawner import QueuedLocalProcessSpawner, favour_the_hub, lite_service  # noqa: E402

c = get_config()  # noqa: F821

# --- Who may log in: the machine's accounts (PAM), only those listed. SET both lists.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.admin_users = {"teacher"}  # SET: the teachers (they can warm the class's servers)
c.Authenticator.allowed_users = {"learner01", "learner02"}  # SET: the class

# --- Where it listens: on this machine only; put HTTPS in front (nginx, Caddy) for the class.
c.JupyterHub.bind_url = "http://127.0.0.1:8000"

# --- A class that logs in at the same minute (measured on 2 cores: benchmarks/README.md).
# At most one server per core starts at a time; the others wait in order on JupyterHub's own
# "Your server is starting up" page, which says how many are ahead. The hub and the proxy run at a higher
# CPU priority than servers and kernels, so logins are answered while the class starts.
c.JupyterHub.spawner_class = QueuedLocalProcessSpawner
c.QueuedStart.starting_at_once = 0  # 0: one per CPU core
c.QueuedStart.niceness = 5
if os.path.basename(sys.argv[0]) == "jupyterhub":  # the hub itself, not a tool reading this file
    favour_the_hub(5)  # as root: hub and proxy at -5, servers back at 0 (else: servers at +5)
# More than this many logins waiting at once are told to try again (HTTP 429; the page below retries by
# itself). Above any class this machine holds (its memory holds about 70 learners at about 300 MB each).
c.JupyterHub.concurrent_spawn_limit = 60
c.JupyterHub.spawn_throttle_retry_range = (15, 30)
c.JupyterHub.template_paths = [os.path.join(HERE, "templates")]
# The hub's wait for a server includes its place in the queue: 30 learners on 2 cores wait up to about
# two minutes, so allow ten. Once started, the server must answer within two minutes.
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 120
# A kernel started while the machine is busy may take more than jupyter_server's 60 s to answer its
# first message; it is then taken for dead and a learner's first cell never gets its reply.
c.Spawner.args = ["--MappingKernelManager.kernel_info_timeout=180"]
c.Spawner.default_url = "/lab"

# --- Answers handed in (notebook 06's export button). SET the folder, then make it once, as root:
#   python -m claimlab hub handin --create /srv/claimlab-handin --teacher teacher
# (owned by the teacher, mode 1733: learners can put their own copy in, but not list, read, replace or
# delete anyone else's; the teacher reads them all: cl.class_results("/srv/claimlab-handin")).
HANDIN = "/srv/claimlab-handin"
c.Spawner.environment = {"CLAIMLAB_HANDIN": HANDIN}

# --- The JupyterLite site (the module in the browser, no server per learner) at /services/lite/.
# SET: the folder `python -m claimlab lite` built; left out while it does not exist.
LITE = "/srv/claimlab/build/lite"
if os.path.isdir(LITE):
    c.JupyterHub.services = [lite_service(LITE, port=8090)]
