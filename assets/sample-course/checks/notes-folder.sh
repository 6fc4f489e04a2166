#!/bin/sh
# Passes when ~/projects/notes/todo.txt exists with at least three lines.
todo="$HOME/projects/notes/todo.txt"
if [ ! -d "$HOME/projects/notes" ]; then
  echo "The folder ~/projects/notes does not exist. Try: mkdir -p ~/projects/notes" >&2
  exit 1
fi
if [ ! -f "$todo" ]; then
  echo "~/projects/notes has no todo.txt yet." >&2
  exit 1
fi
lines=$(wc -l < "$todo")
if [ "$lines" -lt 3 ]; then
  echo "todo.txt has $lines line(s); it needs at least 3." >&2
  exit 1
fi
exit 0
