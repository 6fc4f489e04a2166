#!/bin/sh
# The solution of "Meet your lab": the file the step asks for.
echo hello > "$HOME/hello.txt"
echo "Created ~/hello.txt with the word hello."
