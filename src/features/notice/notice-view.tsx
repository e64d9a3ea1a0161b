import { usePhone, usePhoneActions } from '../../store';
import { NoticeBanner } from '../../ui/notice-banner';

export function NoticeView() {
  const notice = usePhone((s) => s.notice);
  const { dismissNotice } = usePhoneActions();
  if (!notice) return null;
  return <NoticeBanner key={notice.id} kind={notice.kind} text={notice.text} onDismiss={dismissNotice} />;
}
