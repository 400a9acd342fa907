import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** QR code of a link, drawn in the browser (a data: image; nothing is fetched). */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { margin: 1, width: 192, errorCorrectionLevel: 'M' })
      .then((u) => live && setUrl(u))
      .catch(() => live && setUrl(null));
    return () => {
      live = false;
    };
  }, [text]);
  return url ? <img className="qr" src={url} width={192} height={192} alt={label} /> : null;
}
