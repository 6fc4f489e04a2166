/**
 * The orders of an interleaved-RLE stream (MS-RDPBCGR 2.2.9.1.1.3.1.2.4). Regular orders use the top 3
 * bits of the header, lite orders the top 4, mega-mega and special orders the whole byte. Each is read
 * as a small dense number (ORDER_OF_HEADER), one table look-up per order, so the decoder's switches
 * can be jump tables rather than chains of comparisons: a scrolling terminal's streams are mostly
 * short orders.
 */
export const REGULAR_BG_RUN = 0;
export const REGULAR_FG_RUN = 1;
export const REGULAR_FGBG_IMAGE = 2;
export const REGULAR_COLOR_RUN = 3;
export const REGULAR_COLOR_IMAGE = 4;
export const LITE_SET_FG_FG_RUN = 5;
export const LITE_SET_FG_FGBG_IMAGE = 6;
export const LITE_DITHERED_RUN = 7;
export const MEGA_MEGA_BG_RUN = 8;
export const MEGA_MEGA_FG_RUN = 9;
export const MEGA_MEGA_FGBG_IMAGE = 10;
export const MEGA_MEGA_COLOR_RUN = 11;
export const MEGA_MEGA_COLOR_IMAGE = 12;
export const MEGA_MEGA_SET_FG_RUN = 13;
export const MEGA_MEGA_SET_FGBG_IMAGE = 14;
export const MEGA_MEGA_DITHERED_RUN = 15;
export const SPECIAL_FGBG_1 = 16;
export const SPECIAL_FGBG_2 = 17;
export const SPECIAL_WHITE = 18;
export const SPECIAL_BLACK = 19;
export const UNKNOWN_ORDER = 20;

/** The order a header byte starts, one of the numbers above. */
export const ORDER_OF_HEADER = orderTable();

function orderTable(): Uint8Array {
  const regular = [REGULAR_BG_RUN, REGULAR_FG_RUN, REGULAR_FGBG_IMAGE, REGULAR_COLOR_RUN, REGULAR_COLOR_IMAGE];
  const lite: Record<number, number> = { 0xc: LITE_SET_FG_FG_RUN, 0xd: LITE_SET_FG_FGBG_IMAGE, 0xe: LITE_DITHERED_RUN };
  const whole: Record<number, number> = {
    0xf0: MEGA_MEGA_BG_RUN,
    0xf1: MEGA_MEGA_FG_RUN,
    0xf2: MEGA_MEGA_FGBG_IMAGE,
    0xf3: MEGA_MEGA_COLOR_RUN,
    0xf4: MEGA_MEGA_COLOR_IMAGE,
    0xf6: MEGA_MEGA_SET_FG_RUN,
    0xf7: MEGA_MEGA_SET_FGBG_IMAGE,
    0xf8: MEGA_MEGA_DITHERED_RUN,
    0xf9: SPECIAL_FGBG_1,
    0xfa: SPECIAL_FGBG_2,
    0xfd: SPECIAL_WHITE,
    0xfe: SPECIAL_BLACK,
  };
  const table = new Uint8Array(256);
  for (let header = 0; header < 256; header++) {
    const order = header < 0xc0 ? regular[header >> 5] : header < 0xf0 ? lite[header >> 4] : whole[header];
    table[header] = order ?? UNKNOWN_ORDER;
  }
  return table;
}
