package dev.acs.context;

import dev.acs.context.Outline.Kind;
import dev.acs.context.Outline.Skip;
import dev.acs.context.Outline.Symbol;
import dev.acs.context.OutlineGrammar.Action;
import dev.acs.context.OutlineGrammar.DocStyle;
import dev.acs.context.OutlineGrammar.Rule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.treesitter.TSInputEncoding;
import org.treesitter.TSLanguage;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSReader;
import org.treesitter.TSTree;
import org.treesitter.TSTreeCursor;

/**
 * Outlines one file with a tree-sitter grammar: parses it within a time limit (tree-sitter's
 * progress callback cancels the parse), then walks the declarations the grammar's table names.
 * Not thread-safe: one per thread (it keeps a native parser and the loaded grammars).
 */
final class TreeSitterOutline implements AutoCloseable {
  static final int MAX_SYMBOLS = 400;
  static final int MAX_DEPTH = 8;
  static final int MAX_SIGNATURE = 200;
  private static final int READ_CHUNK = 64 * 1024;
  private static final Set<String> FUNCTION_VALUES = Set.of("arrow_function", "function_expression", "function", "generator_function");
  private static final Set<String> CLASS_VALUES = Set.of("class", "class_expression");
  private static final Pattern PRIVATE = Pattern.compile("\\bprivate\\b");
  private static final Pattern RECEIVER = Pattern.compile("([A-Za-z_]\\w*)\\s*(?:\\[[^\\]]*\\])?\\s*\\)\\s*$");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  /** Comment-only lines between a head and its body (Ruby and Python put them there), and a comment after a Python colon. */
  private static final Pattern COMMENT_LINE = Pattern.compile("(?m)^\\s*(?:#|//).*$|:[ \\t]*#.*$");
  private static final Pattern RUBY_END = Pattern.compile(";\\s*end$");
  private static final Pattern TRAILING = Pattern.compile("[\\s{:=;]+$");

  private final TSParser parser = new TSParser();
  private final Map<OutlineGrammar, TSLanguage> languages = new EnumMap<>(OutlineGrammar.class);
  private final long timeoutNanos;

  TreeSitterOutline(long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
  }

  @Override
  public void close() {
    parser.close();
  }

  /** The file's outline, or a path-only outline saying why not. */
  Outline outline(String path, String text, OutlineGrammar grammar) {
    TSLanguage language = languages.computeIfAbsent(grammar, OutlineGrammar::load);
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + timeoutNanos;
    parser.reset();
    if (!parser.setLanguage(language)) {
      return Outline.pathOnly(path, grammar.id(), Skip.UNPARSABLE);
    }
    TSReader reader = (buf, offset, position) -> {
      if (offset >= utf8.length) {
        return 0;
      }
      int n = Math.min(buf.length, utf8.length - offset);
      System.arraycopy(utf8, offset, buf, 0, n);
      return n;
    };
    TSTree tree = parser.parseWithOptions(new byte[READ_CHUNK], null, reader, TSInputEncoding.TSInputEncodingUTF8,
        state -> System.nanoTime() > deadline);
    if (tree == null) {
      parser.reset();
      return Outline.pathOnly(path, grammar.id(), Skip.TIMED_OUT);
    }
    try (tree) {
      Walk walk = new Walk(grammar, utf8, text.split("\n", -1), deadline);
      TSNode root = tree.getRootNode();
      walk.members(root, 0, null, false);
      if (walk.timedOut) {
        return Outline.pathOnly(path, grammar.id(), Skip.TIMED_OUT);
      }
      if (walk.symbols.isEmpty() && root.hasError()) {
        return Outline.pathOnly(path, grammar.id(), Skip.UNPARSABLE);
      }
      return new Outline(path, grammar.id(), walk.symbols, null);
    }
  }

  /** One walk over one tree. */
  private static final class Walk {
    final OutlineGrammar grammar;
    final byte[] utf8;
    final String[] lines;
    final long deadline;
    final List<Symbol> symbols = new ArrayList<>();
    boolean timedOut;

    Walk(OutlineGrammar grammar, byte[] utf8, String[] lines, long deadline) {
      this.grammar = grammar;
      this.utf8 = utf8;
      this.lines = lines;
      this.deadline = deadline;
    }

    /** Outlines the declarations among the children of {@code container}. */
    void members(TSNode container, int depth, String owner, boolean inType) {
      if (depth > MAX_DEPTH) {
        return;
      }
      for (TSNode child : namedChildren(container)) {
        if (symbols.size() >= MAX_SYMBOLS || System.nanoTime() > deadline) {
          timedOut |= System.nanoTime() > deadline;
          return;
        }
        visit(child, child, depth, owner, inType);
      }
    }

    /** @param outer where the declaration's text starts: the node itself, or a wrapper around only it ({@code export}, decorators) */
    private void visit(TSNode node, TSNode outer, int depth, String owner, boolean inType) {
      Rule rule = grammar.rule(node.getType());
      if (rule == null) {
        return;
      }
      switch (rule.action()) {
        case WRAPPER, BLOCK -> {
          List<TSNode> inner = declarations(node);
          for (TSNode c : inner) {
            visit(c, inner.size() == 1 && rule.action() == Action.WRAPPER ? outer : c, depth, owner, inType);
          }
        }
        case BODY -> {
          TSNode body = body(node);
          if (body != null) {
            members(body, depth, owner, inType);
          }
        }
        case DECLARATOR -> declarator(node, outer, depth, owner, inType);
        case ASSIGNMENT -> {
          TSNode right = node.getChildByFieldName("right");
          TSNode left = node.getChildByFieldName("left");
          if (present(right) && present(left) && FUNCTION_VALUES.contains(right.getType())) {
            add(Kind.FUNCTION, "function", text(left), owner, outer, bodyStart(right), null, depth, inType);
          }
        }
        case SYMBOL -> symbol(node, outer, rule, depth, owner, inType);
      }
    }

    private void symbol(TSNode node, TSNode outer, Rule rule, int depth, String owner, boolean inType) {
      String name = name(node);
      if (name == null) {
        return;
      }
      TSNode body = body(node);
      Kind kind = rule.kind();
      String symbolOwner = owner;
      if ("method_declaration".equals(node.getType()) && grammar == OutlineGrammar.GO) {
        symbolOwner = receiverType(node);
      }
      String header = header(outer, body != null ? body.getStartByte() : -1, rule.prefix(), outer == node);
      if (grammar.hidesPrivate() && PRIVATE.matcher(header.substring(0, Math.max(0, header.indexOf(name)))).find()) {
        return;
      }
      String keyword = kind == Kind.TYPE || kind == Kind.NAMESPACE ? keyword(header, name, rule.keyword()) : rule.keyword();
      String doc = doc(node, outer, body);
      Kind shown = kind == Kind.FUNCTION && (inType || symbolOwner != null && grammar == OutlineGrammar.GO) ? Kind.METHOD : kind;
      symbols.add(new Symbol(shown, keyword, name, symbolOwner, header, doc, outer.getStartPoint().getRow() + 1, depth));
      if (kind == Kind.TYPE || kind == Kind.NAMESPACE) {
        TSNode members = body;
        if (members == null && grammar == OutlineGrammar.GO) {
          members = node.getChildByFieldName("type");
        }
        if (members != null && present(members)) {
          members(members, depth + 1, name, kind == Kind.TYPE);
        } else if ("file_scoped_namespace_declaration".equals(node.getType())) {
          members(node, depth + 1, name, false);
        }
      }
    }

    private void declarator(TSNode node, TSNode outer, int depth, String owner, boolean inType) {
      TSNode nameNode = node.getChildByFieldName("name");
      if (!present(nameNode)) {
        nameNode = node.getChildByFieldName("property");
      }
      TSNode value = node.getChildByFieldName("value");
      if (!present(nameNode) || !present(value)) {
        return;
      }
      if (FUNCTION_VALUES.contains(value.getType())) {
        add(Kind.FUNCTION, "function", text(nameNode), owner, outer, bodyStart(value), null, depth, inType);
      } else if (CLASS_VALUES.contains(value.getType())) {
        TSNode body = body(value);
        add(Kind.TYPE, "class", text(nameNode), owner, outer, body != null ? body.getStartByte() : -1, null, depth, inType);
        if (body != null) {
          members(body, depth + 1, text(nameNode), true);
        }
      }
    }

    private void add(Kind kind, String keyword, String name, String owner, TSNode outer, int bodyStart, String prefix, int depth, boolean inType) {
      String header = header(outer, bodyStart, prefix == null ? "" : prefix, true);
      if (grammar.hidesPrivate() && header.startsWith("private ")) {
        return;
      }
      String doc = DocComments.above(lines, outer.getStartPoint().getRow(), grammar.docStyle());
      symbols.add(new Symbol(kind == Kind.FUNCTION && inType ? Kind.METHOD : kind, keyword, name, owner, header, doc, outer.getStartPoint().getRow() + 1, depth));
    }

    private String doc(TSNode node, TSNode outer, TSNode body) {
      if (grammar.docStyle() == DocStyle.DOCSTRING) {
        if (body == null) {
          return null;
        }
        List<TSNode> statements = namedChildren(body);
        TSNode first = statements.isEmpty() ? null : statements.get(0);
        if (first != null && "expression_statement".equals(first.getType())) {
          List<TSNode> inner = namedChildren(first);
          if (!inner.isEmpty() && "string".equals(inner.get(0).getType())) {
            return DocComments.docstring(text(inner.get(0)));
          }
        }
        return null;
      }
      return DocComments.above(lines, outer.getStartPoint().getRow(), grammar.docStyle());
    }

    /**
     * The declaration's head on one line: from its start (or its wrapper's) to its body, spaces
     * collapsed; without a body, its first line.
     */
    private String header(TSNode outer, int bodyStart, String prefix, boolean usePrefix) {
      int start = outer.getStartByte();
      int end = bodyStart > start ? bodyStart : outer.getEndByte();
      String s = new String(utf8, start, Math.min(end - start, 4 * MAX_SIGNATURE), StandardCharsets.UTF_8);
      if (bodyStart <= start && s.indexOf('\n') >= 0) {
        s = s.substring(0, s.indexOf('\n'));
      }
      s = COMMENT_LINE.matcher(s).replaceAll("");
      s = SPACES.matcher(s).replaceAll(" ").replace("( ", "(").replace(" )", ")").replace(",)", ")").replace("[ ", "[").replace(" ]", "]");
      if (grammar == OutlineGrammar.RUBY) {
        s = RUBY_END.matcher(s).replaceAll("");
      }
      s = TRAILING.matcher(s).replaceAll("");
      s = (usePrefix ? prefix : "") + s.strip();
      return s.length() <= MAX_SIGNATURE ? s : s.substring(0, MAX_SIGNATURE - 1) + "…";
    }

    private String name(TSNode node) {
      TSNode n = node.getChildByFieldName("name");
      if (!present(n) && "impl_item".equals(node.getType())) {
        TSNode trait = node.getChildByFieldName("trait");
        TSNode type = node.getChildByFieldName("type");
        if (present(type)) {
          return present(trait) ? text(trait) + " for " + text(type) : text(type);
        }
      }
      if (!present(n)) {
        for (TSNode c : namedChildren(node)) {
          if (OutlineGrammar.NAME_TYPES.contains(c.getType())) {
            n = c;
            break;
          }
        }
      }
      if (!present(n)) {
        return "companion_object".equals(node.getType()) ? "Companion" : null;
      }
      String s = text(n);
      return s.length() > 100 ? s.substring(0, 100) : s;
    }

    private TSNode body(TSNode node) {
      TSNode b = node.getChildByFieldName("body");
      if (present(b)) {
        return b;
      }
      for (TSNode c : namedChildren(node)) {
        if (OutlineGrammar.BODY_TYPES.contains(c.getType())) {
          return c;
        }
      }
      return null;
    }

    private int bodyStart(TSNode function) {
      TSNode b = function.getChildByFieldName("body");
      return present(b) ? b.getStartByte() : -1;
    }

    /** The named children of a wrapper that are declarations (comments and modifiers left out). */
    private List<TSNode> declarations(TSNode wrapper) {
      List<TSNode> out = new ArrayList<>();
      for (TSNode c : namedChildren(wrapper)) {
        if (grammar.rule(c.getType()) != null) {
          out.add(c);
        }
      }
      return out;
    }

    private String receiverType(TSNode method) {
      TSNode receiver = method.getChildByFieldName("receiver");
      if (!present(receiver)) {
        return null;
      }
      Matcher m = RECEIVER.matcher(text(receiver));
      return m.find() ? m.group(1) : null;
    }

    private String text(TSNode n) {
      int start = n.getStartByte();
      int len = Math.min(n.getEndByte() - start, 2000);
      return new String(utf8, start, len, StandardCharsets.UTF_8);
    }
  }

  /** The word the type is declared with in its header ("interface", "struct", "object"), else the grammar's default. */
  static String keyword(String header, String name, String fallback) {
    int at = header.indexOf(name);
    if (at <= 0) {
      return fallback;
    }
    String[] words = header.substring(0, at).trim().split("[\\s<>]+");
    String last = words[words.length - 1];
    if ("class".equals(last) && words.length > 1 && "enum".equals(words[words.length - 2])) {
      return "enum";
    }
    return switch (last) {
      case "class", "interface", "struct", "enum", "record", "trait", "object", "module", "namespace", "union", "type", "typealias", "delegate", "mod" -> last;
      default -> fallback;
    };
  }

  static boolean present(TSNode n) {
    return n != null && !n.isNull();
  }

  /** Named children through a cursor: asking a node for its i-th child walks its siblings each time. */
  static List<TSNode> namedChildren(TSNode node) {
    List<TSNode> out = new ArrayList<>();
    try (TSTreeCursor cursor = new TSTreeCursor(node)) {
      if (cursor.gotoFirstChild()) {
        do {
          TSNode c = cursor.currentNode();
          if (c.isNamed()) {
            out.add(c);
          }
        } while (cursor.gotoNextSibling());
      }
    }
    return out;
  }
}
