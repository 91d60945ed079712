package dev.acs.agent;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and defuses the words of a fence marker ({@code BEGIN UNTRUSTED}, {@code END UNTRUSTED})
 * in untrusted text however they are disguised: in any case, NFKC/NFKD compatibility forms
 * (fullwidth, mathematical, circled letters), with accents, zero-width and other default-ignorable
 * code points, bidi controls or Unicode tag characters inside, with any run of spaces, NBSPs,
 * underscores, hyphens or punctuation between the words (or none), and with Cyrillic, Greek and
 * other look-alikes of the Latin letters.
 *
 * <p>The text is compared through a <em>skeleton</em>: each code point is decomposed (NFKD),
 * marks and ignorables are dropped, look-alikes are mapped to the Latin letter they imitate and
 * the result is lower-cased; every other non-letter is a word boundary. A look-alike is {@code
 * begin} or {@code end} starting a word, then {@code untrusted} (so "append untrusted data" is
 * left alone). Only the matched span of the original text is replaced; everything else stays
 * byte for byte, which keeps file contents shown to the model editable.
 *
 * <p>Why a table and not ICU4J's {@code SpoofChecker}: the skeleton only has to recognise three
 * words (eleven distinct letters), ICU4J is a 14 MB jar, and its skeleton is case-sensitive and
 * does not skip separators, so the folding around it would be needed anyway. The table below
 * covers the confusables of Unicode's confusables.txt for those letters in the scripts an attacker
 * can type on ordinary keyboards (Cyrillic, Greek, Armenian, Cherokee, Lisu, Latin small
 * capitals); the rest are compatibility forms that NFKD already folds.
 */
final class MarkerLookalikes {
  /** What a look-alike is replaced with; its own skeleton holds no marker words. */
  static final String DEFUSED = "[fence look-alike]";

  private static final Pattern MARKER = Pattern.compile("(?:begin|end)untrusted");
  private static final Map<Integer, Character> CONFUSABLES = confusables();

  private MarkerLookalikes() {}

  /** The text with every marker look-alike replaced by {@link #DEFUSED}; null counts as empty. */
  static String defuse(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String current = text;
    // A replacement can join what was around it into a new look-alike only in contrived cases;
    // a few passes settle them.
    for (int pass = 0; pass < 4; pass++) {
      String next = defuseOnce(current);
      if (next.equals(current)) {
        return current;
      }
      current = next;
    }
    return current;
  }

  /** True when the text holds a marker look-alike. */
  static boolean containsLookalike(String text) {
    return text != null && !defuseOnce(text).equals(text);
  }

  private static String defuseOnce(String text) {
    Skeleton s = Skeleton.of(text);
    Matcher m = MARKER.matcher(s.letters);
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (m.find(from)) {
      from = m.start() + 1;
      if (!s.wordStart[m.start()]) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      int start = s.origStart[m.start()];
      int end = s.origEnd[m.end() - 1];
      if (start < copied) {
        continue;
      }
      out.append(text, copied, start).append(DEFUSED);
      copied = end;
      from = m.end();
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** The letters and digits of the folded text, each with the span of the original it came from. */
  private static final class Skeleton {
    final StringBuilder letters = new StringBuilder();
    int[] origStart = new int[16];
    int[] origEnd = new int[16];
    boolean[] wordStart = new boolean[16];

    static Skeleton of(String text) {
      Skeleton s = new Skeleton();
      boolean boundary = true;
      int i = 0;
      while (i < text.length()) {
        int cp = text.codePointAt(i);
        int next = i + Character.charCount(cp);
        if (!ignorable(cp)) {
          String folded = fold(cp);
          for (int k = 0; k < folded.length(); k++) {
            char c = folded.charAt(k);
            if (Character.isLetterOrDigit(c)) {
              s.add(c, i, next, boundary);
              boundary = false;
            } else if (!ignorable(c)) {
              boundary = true;
            }
          }
        }
        i = next;
      }
      return s;
    }

    private void add(char c, int start, int end, boolean boundary) {
      int n = letters.length();
      if (n == origStart.length) {
        origStart = Arrays.copyOf(origStart, n * 2);
        origEnd = Arrays.copyOf(origEnd, n * 2);
        wordStart = Arrays.copyOf(wordStart, n * 2);
      }
      letters.append(c);
      origStart[n] = start;
      origEnd[n] = end;
      wordStart[n] = boundary;
    }
  }

  /** One code point as the lower-case Latin letters it looks like (or itself, lower-cased). */
  static String fold(int cp) {
    if (cp < 0x80) {
      // ASCII, most of any text: nothing to decompose or map.
      return String.valueOf(Character.toLowerCase((char) cp));
    }
    Character direct = CONFUSABLES.get(cp);
    if (direct != null) {
      return String.valueOf(direct);
    }
    String decomposed = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD);
    StringBuilder b = new StringBuilder(decomposed.length());
    decomposed.codePoints().forEach(c -> {
      if (ignorable(c)) {
        return;
      }
      Character mapped = CONFUSABLES.get(c);
      b.append(mapped != null ? String.valueOf(mapped) : new String(Character.toChars(c)).toLowerCase(Locale.ROOT));
    });
    return b.toString();
  }

  /**
   * Code points that render as nothing (or only modify their neighbour): Unicode's
   * Default_Ignorable_Code_Point set, bidi controls, format characters, and combining marks.
   */
  static boolean ignorable(int cp) {
    int type = Character.getType(cp);
    if (type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK) {
      return true;
    }
    return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160
        || cp == 0x17B4 || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F)
        || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F)
        || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0
        || (cp >= 0xFFF0 && cp <= 0xFFF8) || (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A)
        || (cp >= 0xE0000 && cp <= 0xE0FFF);
  }

  private static Map<Integer, Character> confusables() {
    Map<Integer, Character> m = new HashMap<>();
    // Cyrillic, upper and lower case (upper and lower look-alikes differ: Н is H, н is small-cap H).
    put(m, 'a', "\u0410\u0430\u04D0\u04D2");
    put(m, 'b', "\u0412\u0432\u042C\u0184\u13F4\uA4D0\u0299\u0392\u03B2");
    put(m, 'c', "\u0421\u0441\u03F9\u03F2\u1D04\u13DF");
    put(m, 'd', "\u0500\u0501\u13A0\uA4D3\u1D05\u217E");
    put(m, 'e', "\u0415\u0435\u0510\u0511\u0395\u03B5\u0190\u025B\u13AC\uA4F0\u1D07\u2C89\u04BC\u04BD");
    put(m, 'g', "\u050C\u050D\u0262\u13C0\u13FB\uA4D6\u0261");
    put(m, 'h', "\u041D\u043D\u04BA\u04BB\u0397\u029C\u13BB\uA4E7");
    put(m, 'i', "\u0406\u0456\u04C0\u04CF\u0399\u03B9\u0131\u026A\u13C6\uA4F2\u2160\u0269\u01C0\u05C0\u07CA\u2D4F");
    put(m, 'j', "\u0408\u0458\u037F\u03F3\u0237\u13AB\uA4D9\u1D0A");
    put(m, 'k', "\u041A\u043A\u039A\u03BA\u1D0B\u13E6\uA4D7");
    put(m, 'l', "\u13DE\uA4E1\u029F");
    put(m, 'm', "\u041C\u043C\u039C\u1D0D\u13B7\uA4DF");
    put(m, 'n', "\u039D\u0274\u03B7\u043F\uA4E0\u0578");
    put(m, 'o', "\u041E\u043E\u039F\u03BF\u03C3\u0555\u0585\u1D0F\u0D20\u10FF");
    put(m, 'p', "\u0420\u0440\u03A1\u03C1\u1D18\u13E2\uA4D1");
    put(m, 'q', "\u051A\u051B\u0566");
    put(m, 'r', "\u0433\u0280\u13A1\u13D2\uA4E3\u1D26");
    put(m, 's', "\u0405\u0455\u13DA\uA4E2\uA731\u054F");
    put(m, 't', "\u0422\u0442\u03A4\u03C4\u1D1B\u13A2\uA4D4");
    put(m, 'u', "\u054D\u057D\u03C5\u1D1C\uA4F4\u0446\u0438\u028B");
    put(m, 'v', "\u0474\u0475\u03BD\u1D20\u13D9\uA4E6");
    put(m, 'w', "\u051C\u051D\u0461\u1D21\u13B3\uA4EA\u0270");
    put(m, 'x', "\u0425\u0445\u03A7\u03C7\uA4EB");
    put(m, 'y', "\u0423\u0443\u04AE\u04AF\u03A5\u03B3\u028F\u13A9\uA4EC");
    put(m, 'z', "\u0396\u1D22\u13C3\uA4DC");
    return Map.copyOf(m);
  }

  private static void put(Map<Integer, Character> m, char latin, String lookalikes) {
    lookalikes.codePoints().forEach(cp -> m.put(cp, latin));
  }
}
