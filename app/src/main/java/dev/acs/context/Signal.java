package dev.acs.context;

/**
 * What the ranking weighs of a file for an issue, and how much. Evidence is what the issue says
 * of the file (its words, what it names); each kind is weighed and summed. Priors say how likely
 * any file is to hold a fix (its size, how deep it lies, how often and how lately it changed);
 * they scale the evidence and are never evidence of their own, so a busy file the issue does not
 * touch stays at the bottom. The weights were fitted on the tuning record sets, never on the
 * held-out ones ({@code bench/ranking/fit.py}; docs/context.md, "Weights fitted").
 */
enum Signal {
  /** BM25 over path, declarations and body, title words doubled, as a share of the best file's. */
  LEXICAL(Kind.EVIDENCE, 0.0405),
  /** The same query over the words of the path only. */
  LEXICAL_PATH(Kind.EVIDENCE, 0.0743),
  /** ... over the names the file declares only. */
  LEXICAL_DECLARATIONS(Kind.EVIDENCE, 0.0706),
  /** ... over every identifier in the file only. */
  LEXICAL_BODY(Kind.EVIDENCE, 0.3903),
  /** The title's words alone over all three. */
  LEXICAL_TITLE(Kind.EVIDENCE, 0.1690),
  /** The issue names the file's path (log of one plus the mentions' weight, as for each mention below). */
  PATH_MENTIONED(Kind.EVIDENCE, 0.1110),
  /** A stack frame of the issue is in the file. */
  FRAME(Kind.EVIDENCE, 0.0000),
  /** A qualified member ({@code Owner.member}) the file's owner declares. */
  MEMBER(Kind.EVIDENCE, 0.0184),
  /** The issue names the file by its own name. */
  OWN_NAME(Kind.EVIDENCE, 0.0327),
  /** A type the file declares is named. */
  TYPE(Kind.EVIDENCE, 0.0353),
  /** A function the file declares is named. */
  FUNCTION(Kind.EVIDENCE, 0.0150),
  /** A dotted module or class name spells the file's path. */
  MODULE(Kind.EVIDENCE, 0.0371),
  /** A quoted message is found in the file. */
  MESSAGE(Kind.EVIDENCE, 0.1300),
  /** The share of the words of the file's name that the title holds. */
  NAME_IN_TITLE(Kind.EVIDENCE, 0.0000),
  /** ... that the body holds. */
  NAME_IN_BODY(Kind.EVIDENCE, 0.0585),
  /** How many names the file declares appear as words of the title (log of one plus). */
  DECLARED_IN_TITLE(Kind.EVIDENCE, 0.0122),
  /** ... of the body. */
  DECLARED_IN_BODY(Kind.EVIDENCE, 0.0024),
  /** How many of the last commits changed the file (log of one plus, a third). */
  CHANGED(Kind.PRIOR, 0.2540),
  /** How many of those say they fix something (log of one plus, a third). */
  FIXED(Kind.PRIOR, -0.1740),
  /** How lately it changed: e to the minus commits since, over 50. */
  RECENT(Kind.PRIOR, 0.1161),
  /** Its size: log10 of one plus its lines, over 4. */
  SIZE(Kind.PRIOR, 0.0292),
  /** How deep it lies: folders and name, over 10, at most 1. */
  DEPTH(Kind.PRIOR, -0.2428);

  enum Kind { EVIDENCE, PRIOR }

  static final Signal[] ALL = values();
  /** The signals that are the issue naming the file, not words it shares: they seed the reference graph's walk. */
  private static final java.util.EnumSet<Signal> NAMED = java.util.EnumSet.range(PATH_MENTIONED, MESSAGE);

  private final Kind kind;
  private final double weight;

  Signal(Kind kind, double weight) {
    this.kind = kind;
    this.weight = weight;
  }

  Kind kind() {
    return kind;
  }

  double weight() {
    return weight;
  }

  /**
   * A file's score from its signals (indexed by ordinal): the weighed evidence, never below 0,
   * times e to the weighed priors.
   */
  static double score(double[] v) {
    double evidence = 0;
    double prior = 0;
    for (Signal s : ALL) {
      if (s.kind == Kind.EVIDENCE) {
        evidence += s.weight * v[s.ordinal()];
      } else {
        prior += s.weight * v[s.ordinal()];
      }
    }
    return evidence <= 0 ? 0 : evidence * Math.exp(prior);
  }

  /** Does the issue name the file (its path, a frame, a member, its name, a declaration, a module, a message)? */
  static boolean named(double[] v) {
    for (Signal s : NAMED) {
      if (v[s.ordinal()] > 0) {
        return true;
      }
    }
    return false;
  }
}
