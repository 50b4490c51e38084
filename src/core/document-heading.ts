/**
 * Who issues a ward's official documents and who signs them, as Decree 30/2020/NĐ-CP has them
 * written: the issuing body in capitals, the symbol after the number, the place name of the
 * date line, the signer's authority and title, and the recipients. Pure: the defaults follow from
 * the ward's name and kind and the chosen issuer; a ward's stored settings override them.
 */

export const ISSUERS = ["ubnd", "mttq"] as const;
export type Issuer = (typeof ISSUERS)[number];

export interface DocumentHeading {
  issuer: Issuer;
  /** The directly superior body, lines separated by "\n"; "" when the document has none. */
  superiorName: string;
  /** The issuing body in capitals, lines separated by "\n". */
  issuerName: string;
  /** "BC-UBND": the number before it is left blank for the clerk who registers the document. */
  symbol: string;
  /** "Ngọc Lâm" in "Ngọc Lâm, ngày 28 tháng 11 năm 2026". */
  placeName: string;
  /** "TM. ỦY BAN NHÂN DÂN"; "" when the signer signs in their own name. */
  signerAuthority: string;
  signerTitle: string;
  /** "" leaves the line empty, for the name to be written by hand. */
  signerName: string;
  /** The "Nơi nhận" lines without their leading dash: "Như trên;", …, "Lưu: VT.". */
  recipients: string[];
}

export interface WardIdentity {
  name: string;
  /** ward | commune | special_zone */
  kind: string;
}

const PREFIXES: Record<string, string> = { ward: "Phường", commune: "Xã", special_zone: "Đặc khu" };
const KNOWN_PREFIXES = ["Phường", "Xã", "Đặc khu", "Thị trấn"];
const upper = (s: string) => s.toLocaleUpperCase("vi");

/** The prefix the ward's name starts with ("Phường"), or undefined when it has none. */
function namePrefix(name: string): string | undefined {
  return KNOWN_PREFIXES.find((p) => name.toLocaleLowerCase("vi").startsWith(`${p.toLocaleLowerCase("vi")} `));
}

/** "Ngọc Lâm" → "Phường Ngọc Lâm" (by kind); a name that already has its prefix is kept. */
export function fullWardName(ward: WardIdentity): string {
  if (namePrefix(ward.name)) return ward.name;
  return `${PREFIXES[ward.kind] ?? "Phường"} ${ward.name}`;
}

/** "Phường Ngọc Lâm" → "phường Ngọc Lâm", as the ward is named inside a sentence. */
export function wardInSentence(ward: WardIdentity): string {
  const full = fullWardName(ward);
  const prefix = namePrefix(full)!;
  return prefix.toLocaleLowerCase("vi") + full.slice(prefix.length);
}

/**
 * The place name of the date line: the ward's name without "Phường"/"Xã". A ward named by a
 * number keeps its prefix ("Phường 12"), as the decree writes it, since "12, ngày …" says nothing.
 */
export function placeNameOf(ward: WardIdentity): string {
  const full = fullWardName(ward);
  const rest = full.slice(namePrefix(full)!.length).trim();
  return /^\d/.test(rest) ? full : rest;
}

/** What the ward is called as a level in recipients' lines: "phường", "xã", "đặc khu". */
const levelOf = (ward: WardIdentity) => namePrefix(fullWardName(ward))!.toLocaleLowerCase("vi");

/** The heading a ward's documents get when nothing is configured. */
export function defaultHeading(ward: WardIdentity, issuer: Issuer): DocumentHeading {
  const wardLine = upper(fullWardName(ward));
  const level = levelOf(ward);
  if (issuer === "mttq")
    return {
      issuer,
      // The Front's documents are issued by its standing board ("TM. BAN THƯỜNG TRỰC" signs for
      // it), so the committee is the superior body above it, shortened as the decree allows there.
      superiorName: `ỦY BAN MTTQ VIỆT NAM\n${wardLine}`,
      issuerName: "BAN THƯỜNG TRỰC",
      symbol: "BC-MTTQ",
      placeName: placeNameOf(ward),
      signerAuthority: "TM. BAN THƯỜNG TRỰC",
      signerTitle: "CHỦ TỊCH",
      signerName: "",
      recipients: [`Thường trực Đảng ủy ${level} (để báo cáo);`, `Ủy ban nhân dân ${level} (để phối hợp);`, "Các tổ dân phố;", "Lưu: VT."],
    };
  return {
    issuer,
    // The People's Committee writes no superior body above its own name.
    superiorName: "",
    issuerName: `ỦY BAN NHÂN DÂN\n${wardLine}`,
    symbol: "BC-UBND",
    placeName: placeNameOf(ward),
    signerAuthority: "TM. ỦY BAN NHÂN DÂN",
    signerTitle: "CHỦ TỊCH",
    signerName: "",
    recipients: [
      `Thường trực Đảng ủy ${level} (để báo cáo);`,
      `Thường trực HĐND ${level};`,
      `Chủ tịch, các Phó Chủ tịch UBND ${level};`,
      `Ủy ban MTTQ Việt Nam ${level};`,
      "Lưu: VT.",
    ],
  };
}

/** How the issuer names itself inside the body: "Ủy ban nhân dân phường Ngọc Lâm". */
export function issuerInSentence(ward: WardIdentity, issuer: Issuer): string {
  const where = wardInSentence(ward);
  return issuer === "mttq" ? `Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam ${where}` : `Ủy ban nhân dân ${where}`;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * "Ngọc Lâm, ngày 28 tháng 11 năm 2026". The decree writes days below 10 and the months 1 and 2
 * with a leading zero ("ngày 05 tháng 01 năm 2027"), so that nothing can be written in before them.
 */
export function placeAndDate(placeName: string, date: { year: number; month: number; day: number }): string {
  const month = date.month <= 2 ? pad2(date.month) : String(date.month);
  return `${placeName}, ngày ${pad2(date.day)} tháng ${month} năm ${date.year}`;
}
