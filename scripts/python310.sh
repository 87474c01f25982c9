#!/usr/bin/env sh
# Print a command that runs Python 3.10 (Rasa 3.6 needs Python < 3.11).
# Works with a system python3.10 and with pyenv, whose shim needs PYENV_VERSION.
if python3.10 -c 'import sys' >/dev/null 2>&1; then
  echo python3.10
  exit 0
fi
if command -v pyenv >/dev/null 2>&1; then
  version=$(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | tail -n 1)
  if [ -n "$version" ]; then
    echo "$(pyenv root)/versions/$version/bin/python3.10"
    exit 0
  fi
fi
echo "Python 3.10 not found: install it (e.g. 'pyenv install 3.10') and run make again." >&2
exit 1
