import { useEffect, useState } from 'react';
import type { AssistNotice } from '../../shared/cohort/assist';
import { useApi } from '../api/api-context';

/** Whether an instructor assists in this course's lab now, as the learner's terminals last saw it. */
export function useAssistNotice(courseId: string): AssistNotice['assist'] {
  const api = useApi();
  const [assist, setAssist] = useState<AssistNotice['assist']>(null);
  useEffect(() => {
    let live = true;
    let heard = false;
    const off = api.on('assist.changed', (notice) => {
      if (notice.courseId !== courseId) return;
      heard = true;
      setAssist(notice.assist);
    });
    void api
      .call('assist.state', { courseId })
      .then((notice) => {
        // An event heard meanwhile is newer than this answer.
        if (live && !heard) setAssist(notice.assist);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      off();
      setAssist(null);
    };
  }, [api, courseId]);
  return assist;
}
