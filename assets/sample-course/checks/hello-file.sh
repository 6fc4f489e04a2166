#!/bin/sh
# Passes when ~/hello.txt exists and contains the word "hello".
if [ ! -f "$HOME/hello.txt" ]; then
  echo "There is no hello.txt in your home folder yet. Try: echo hello > ~/hello.txt" >&2
  exit 1
fi
if ! grep -qi hello "$HOME/hello.txt"; then
  echo "~/hello.txt exists but does not contain the word hello." >&2
  exit 1
fi
exit 0
