// pdfkit's built-in fonts (the PDF standard 14) have no ₹ sign, so statements embed DejaVu
// Sans, which has it: REPORT_FONT_DIR when set, otherwise the Debian package's folder
// (fonts-dejavu-core, which the machine set-up installs).
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface FontFiles {
  regular: string;
  bold: string;
}

const CANDIDATES = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/local/share/fonts/dejavu', '/opt/homebrew/share/fonts/dejavu'];

export function findFonts(dir = process.env.REPORT_FONT_DIR): FontFiles {
  const dirs = dir ? [dir] : CANDIDATES;
  for (const d of dirs) {
    const files = { regular: path.join(d, 'DejaVuSans.ttf'), bold: path.join(d, 'DejaVuSans-Bold.ttf') };
    if (existsSync(files.regular) && existsSync(files.bold)) return files;
  }
  throw new Error(`No DejaVu Sans (DejaVuSans.ttf and DejaVuSans-Bold.ttf) in ${dirs.join(', ')}: install fonts-dejavu-core or set REPORT_FONT_DIR; PDF statements need a font with the ₹ sign`);
}
