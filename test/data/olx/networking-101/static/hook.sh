#!/bin/sh
# hastexo runs this with the event as its argument: suspend, resume or delete.
echo "$1" >> "$HOME/.lab-events"
