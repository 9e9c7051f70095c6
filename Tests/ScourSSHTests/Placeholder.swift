// Tests for ScourSSH live here.
