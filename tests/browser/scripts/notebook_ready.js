() => {
    // The open notebook has a kernel and it is idle (JupyterLab and JupyterLite alike).
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const kernel = panel && panel.querySelector('.jp-Toolbar-kernelName');
    const status = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
    return Boolean(kernel && status && panel.querySelector('.jp-Notebook .jp-Cell')
                   && !/No Kernel/.test(kernel.textContent) && status.dataset.status === 'idle');
}
