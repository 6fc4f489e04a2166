#!/bin/sh
# The solution of "A small service": write the ticker and start it in the background.
mkdir -p "$HOME/bin"
cat > "$HOME/bin/ticker.sh" <<'SCRIPT'
#!/bin/sh
while true; do
  date '+%H:%M:%S tick' >> "$HOME/ticker.log"
  sleep 2
done
SCRIPT
chmod +x "$HOME/bin/ticker.sh"
if [ -s "$HOME/ticker.pid" ] && kill -0 "$(tr -dc '0-9' < "$HOME/ticker.pid")" 2>/dev/null; then
  echo "The ticker already runs."
  exit 0
fi
nohup "$HOME/bin/ticker.sh" > /dev/null 2>&1 &
echo $! > "$HOME/ticker.pid"
sleep 2
echo "The ticker runs as process $(cat "$HOME/ticker.pid")."
