import { reasonText, translateKnown, useT } from '../../i18n';
import { usePhone, usePhoneActions } from '../../store';
import { NoticeBanner } from '../../ui/notice-banner';

export function NoticeView() {
  const notice = usePhone((s) => s.notice);
  const { dismissNotice } = usePhoneActions();
  const t = useT();
  if (!notice) return null;
  return (
    <NoticeBanner
      key={notice.id}
      kind={notice.kind}
      text={notice.reason ? reasonText(t, notice.reason) : translateKnown(t, notice.text)}
      onDismiss={dismissNotice}
    />
  );
}
