#!/bin/sh
# Passes when the PID in ~/sleeper.pid is a running "sleep" process of this user.
pidfile="$HOME/sleeper.pid"
if [ ! -s "$pidfile" ]; then
  echo "~/sleeper.pid is missing or empty. Start the sleeper with: sleep 3600 & echo \$! > ~/sleeper.pid" >&2
  exit 1
fi
pid=$(tr -dc '0-9' < "$pidfile")
if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
  echo "No process with the PID in ~/sleeper.pid is running; did it end or get killed? Start a new one." >&2
  exit 1
fi
if ! ps -p "$pid" -o comm= | grep -q '^sleep$'; then
  echo "Process $pid is running, but it is not a sleep." >&2
  exit 1
fi
exit 0
