#!/bin/sh
# Passes when the ticker from ~/ticker.pid runs and ~/ticker.log changed in the last 10 seconds.
log="$HOME/ticker.log"
if [ ! -s "$HOME/ticker.pid" ] || ! kill -0 "$(tr -dc '0-9' < "$HOME/ticker.pid")" 2>/dev/null; then
  echo "The ticker is not running. Start it with: nohup ~/bin/ticker.sh > /dev/null 2>&1 & echo \$! > ~/ticker.pid" >&2
  exit 1
fi
if [ ! -f "$log" ]; then
  echo "~/ticker.log does not exist; is the ticker writing to \$HOME/ticker.log?" >&2
  exit 1
fi
age=$(( $(date +%s) - $(stat -c %Y "$log") ))
if [ "$age" -gt 10 ]; then
  echo "~/ticker.log has not changed for $age seconds." >&2
  exit 1
fi
exit 0
