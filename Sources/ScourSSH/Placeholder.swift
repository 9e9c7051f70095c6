// ScourSSH
