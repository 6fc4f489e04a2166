"""The peer of our stack delete --wait: DELETE, then read the stack until Heat calls it gone, polling
on Lab Console's own schedule for labs (src/core/labs/stack-steps.ts LAB_POLL_POLICY near
completion: the first 40 reads every 50 ms, then from 100 ms, x1.6, at most 300 ms, all
half-jittered) so that the comparison is of clients, not of poll intervals."""
import random
import sys
import time

import peer_timing

FIRST_MS, FACTOR, CAP_MS = 100, 1.6, 300
PROMPT_MS, PROMPT_POLLS = 50, 40

conn = peer_timing.connect(sys.argv[1])
stack = conn.orchestration.find_stack(sys.argv[2], ignore_missing=False)
conn.orchestration.delete_stack(stack)
polls = 0
while True:
    ceiling = PROMPT_MS if polls < PROMPT_POLLS else min(CAP_MS, FIRST_MS * FACTOR ** polls)
    time.sleep((ceiling / 2 + random.random() * ceiling / 2) / 1000)
    polls += 1
    answer = conn.orchestration.get(f'/stacks/{stack.name}/{stack.id}')
    if answer.status_code == 404 or answer.json()['stack']['stack_status'] == 'DELETE_COMPLETE':
        break
    if answer.json()['stack']['stack_status'] == 'DELETE_FAILED':
        sys.exit(f'delete failed: {answer.json()["stack"]["stack_status_reason"]}')
print(f'deleted {stack.name} after {polls} polls')
