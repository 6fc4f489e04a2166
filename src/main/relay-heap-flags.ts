import { keepRelayObjectsYoung } from '../core/memory/young-relay-objects';

// The app's main process relays remote desktops as `serve` does, and the flag only takes effect
// before the modules load (young-relay-objects.ts): main.ts imports this module first.
keepRelayObjectsYoung();
