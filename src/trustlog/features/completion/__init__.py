"""Shell completion: `trustlog completion bash|zsh|fish` and the hidden `__complete`."""
