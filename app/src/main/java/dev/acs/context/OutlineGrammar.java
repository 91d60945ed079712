package dev.acs.context;

import dev.acs.context.Outline.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.treesitter.TSLanguage;
import org.treesitter.TreeSitterCSharp;
import org.treesitter.TreeSitterGo;
import org.treesitter.TreeSitterJava;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterKotlin;
import org.treesitter.TreeSitterPython;
import org.treesitter.TreeSitterRuby;
import org.treesitter.TreeSitterRust;
import org.treesitter.TreeSitterTsx;
import org.treesitter.TreeSitterTypescript;

/**
 * Which tree-sitter nodes of each language are outlined, and how. A tree walk with a table per
 * language rather than tree-sitter queries: the grammars name their nodes differently from version
 * to version (Kotlin's has no field names at all), and a walk that ignores what it does not know
 * degrades to fewer symbols where a query would fail to compile.
 */
enum OutlineGrammar {
  PYTHON("python", TreeSitterPython::new, DocStyle.DOCSTRING, false, List.of("py", "pyi"),
      Map.of(
          "class_definition", Rule.symbol(Kind.TYPE, "class"),
          "function_definition", Rule.symbol(Kind.FUNCTION, "def"),
          "decorated_definition", Rule.WRAPPER,
          // Definitions under "if TYPE_CHECKING:", "try: ... except ImportError:" and version checks.
          // Function bodies are never walked, so these only open module- and class-level blocks.
          "if_statement", Rule.BLOCK,
          "elif_clause", Rule.BLOCK,
          "else_clause", Rule.BLOCK,
          "try_statement", Rule.BLOCK,
          "except_clause", Rule.BLOCK,
          "block", Rule.BLOCK)),
  JAVASCRIPT("javascript", TreeSitterJavascript::new, DocStyle.SLASHES, false, List.of("js", "jsx", "mjs", "cjs"), Rules.javascript()),
  TYPESCRIPT("typescript", TreeSitterTypescript::new, DocStyle.SLASHES, true, List.of("ts", "mts", "cts"), Rules.typescript()),
  TSX("tsx", TreeSitterTsx::new, DocStyle.SLASHES, true, List.of("tsx"), Rules.typescript()),
  GO("go", TreeSitterGo::new, DocStyle.SLASHES, false, List.of("go"),
      Map.of(
          "function_declaration", Rule.symbol(Kind.FUNCTION, "func"),
          "method_declaration", Rule.symbol(Kind.FUNCTION, "func"),
          "type_declaration", Rule.BLOCK,
          "type_spec", Rule.symbol(Kind.TYPE, "type", "type "),
          "type_alias", Rule.symbol(Kind.TYPE, "type", "type "),
          "method_elem", Rule.symbol(Kind.FUNCTION, "func"),
          "method_spec", Rule.symbol(Kind.FUNCTION, "func"))),
  KOTLIN("kotlin", TreeSitterKotlin::new, DocStyle.SLASHES, true, List.of("kt", "kts"),
      Map.of(
          "class_declaration", Rule.symbol(Kind.TYPE, "class"),
          "object_declaration", Rule.symbol(Kind.TYPE, "object"),
          "companion_object", Rule.symbol(Kind.TYPE, "companion object"),
          "function_declaration", Rule.symbol(Kind.FUNCTION, "fun"),
          "type_alias", Rule.symbol(Kind.TYPE, "typealias"))),
  RUST("rust", TreeSitterRust::new, DocStyle.SLASHES, false, List.of("rs"),
      Map.ofEntries(
          Map.entry("function_item", Rule.symbol(Kind.FUNCTION, "fn")),
          Map.entry("function_signature_item", Rule.symbol(Kind.FUNCTION, "fn")),
          Map.entry("struct_item", Rule.symbol(Kind.TYPE, "struct")),
          Map.entry("enum_item", Rule.symbol(Kind.TYPE, "enum")),
          Map.entry("union_item", Rule.symbol(Kind.TYPE, "union")),
          Map.entry("trait_item", Rule.symbol(Kind.TYPE, "trait")),
          Map.entry("type_item", Rule.symbol(Kind.TYPE, "type")),
          Map.entry("impl_item", Rule.symbol(Kind.TYPE, "impl")),
          Map.entry("mod_item", Rule.symbol(Kind.NAMESPACE, "mod")),
          Map.entry("macro_definition", Rule.symbol(Kind.FUNCTION, "macro_rules!")))),
  CSHARP("csharp", TreeSitterCSharp::new, DocStyle.SLASHES, true, List.of("cs"),
      Map.ofEntries(
          Map.entry("namespace_declaration", Rule.symbol(Kind.NAMESPACE, "namespace")),
          Map.entry("file_scoped_namespace_declaration", Rule.symbol(Kind.NAMESPACE, "namespace")),
          Map.entry("class_declaration", Rule.symbol(Kind.TYPE, "class")),
          Map.entry("interface_declaration", Rule.symbol(Kind.TYPE, "interface")),
          Map.entry("struct_declaration", Rule.symbol(Kind.TYPE, "struct")),
          Map.entry("record_declaration", Rule.symbol(Kind.TYPE, "record")),
          Map.entry("record_struct_declaration", Rule.symbol(Kind.TYPE, "record")),
          Map.entry("enum_declaration", Rule.symbol(Kind.TYPE, "enum")),
          Map.entry("delegate_declaration", Rule.symbol(Kind.TYPE, "delegate")),
          Map.entry("method_declaration", Rule.symbol(Kind.FUNCTION, "method")),
          Map.entry("constructor_declaration", Rule.symbol(Kind.FUNCTION, "constructor")))),
  RUBY("ruby", TreeSitterRuby::new, DocStyle.HASH, false, List.of("rb", "rake"),
      Map.of(
          "class", Rule.symbol(Kind.TYPE, "class"),
          "module", Rule.symbol(Kind.NAMESPACE, "module"),
          "method", Rule.symbol(Kind.FUNCTION, "def"),
          "singleton_method", Rule.symbol(Kind.FUNCTION, "def"),
          "singleton_class", Rule.BODY,
          // begin ... rescue LoadError ... end around optional code
          "begin", Rule.BLOCK)),
  JAVA("java", TreeSitterJava::new, DocStyle.SLASHES, true, List.of("java"),
      Map.of(
          "class_declaration", Rule.symbol(Kind.TYPE, "class"),
          "interface_declaration", Rule.symbol(Kind.TYPE, "interface"),
          "enum_declaration", Rule.symbol(Kind.TYPE, "enum"),
          "record_declaration", Rule.symbol(Kind.TYPE, "record"),
          "annotation_type_declaration", Rule.symbol(Kind.TYPE, "@interface"),
          "enum_body_declarations", Rule.BLOCK,
          "method_declaration", Rule.symbol(Kind.FUNCTION, "method"),
          "constructor_declaration", Rule.symbol(Kind.FUNCTION, "constructor"),
          "compact_constructor_declaration", Rule.symbol(Kind.FUNCTION, "constructor")));

  /** How a language writes the doc comment of a declaration. */
  enum DocStyle {
    /** Python: a string as the first statement of the body. */
    DOCSTRING,
    /** {@code /** ... *}{@code /}, {@code ///} or {@code //} lines right above (JSDoc, KDoc, Go, Rust, C#). */
    SLASHES,
    /** {@code #} lines right above (Ruby). */
    HASH
  }

  /** What to do with a node of some type. */
  record Rule(Action action, Kind kind, String keyword, String prefix) {
    static final Rule WRAPPER = new Rule(Action.WRAPPER, null, null, "");
    static final Rule BLOCK = new Rule(Action.BLOCK, null, null, "");
    static final Rule BODY = new Rule(Action.BODY, null, null, "");
    static final Rule DECLARATOR = new Rule(Action.DECLARATOR, null, null, "");
    static final Rule ASSIGNMENT = new Rule(Action.ASSIGNMENT, null, null, "");

    static Rule symbol(Kind kind, String keyword) {
      return new Rule(Action.SYMBOL, kind, keyword, "");
    }

    static Rule symbol(Kind kind, String keyword, String prefix) {
      return new Rule(Action.SYMBOL, kind, keyword, prefix);
    }
  }

  enum Action {
    /** A declaration to outline. */
    SYMBOL,
    /** A node around one declaration ({@code export}, decorators, {@code const}): look inside; its text belongs to the declaration's head. */
    WRAPPER,
    /** A group of declarations (Go's {@code type (...)}, Ruby's {@code begin}): look inside; each starts where it starts. */
    BLOCK,
    /** A node whose body holds members of the enclosing type (Ruby's {@code class << self}). */
    BODY,
    /** {@code const f = () => ...}, {@code const C = class {...}}, class fields holding functions. */
    DECLARATOR,
    /** {@code exports.f = function ...}, {@code Foo.prototype.bar = function ...}. */
    ASSIGNMENT
  }

  private final String id;
  private final Supplier<TSLanguage> grammar;
  private final DocStyle docStyle;
  private final boolean hidesPrivate;
  private final List<String> extensions;
  private final Map<String, Rule> rules;

  OutlineGrammar(String id, Supplier<TSLanguage> grammar, DocStyle docStyle, boolean hidesPrivate, List<String> extensions, Map<String, Rule> rules) {
    this.id = id;
    this.grammar = grammar;
    this.docStyle = docStyle;
    this.hidesPrivate = hidesPrivate;
    this.extensions = extensions;
    this.rules = rules;
  }

  String id() {
    return id;
  }

  DocStyle docStyle() {
    return docStyle;
  }

  /** Does the language mark members {@code private} explicitly (then they are left out, as in the Java outline)? */
  boolean hidesPrivate() {
    return hidesPrivate;
  }

  Rule rule(String nodeType) {
    return rules.get(nodeType);
  }

  /** A new instance of the grammar (loads its native library on first use). */
  TSLanguage load() {
    return grammar.get();
  }

  private static final Map<String, OutlineGrammar> BY_EXTENSION = new HashMap<>();

  static {
    for (OutlineGrammar g : values()) {
      for (String e : g.extensions) {
        BY_EXTENSION.put(e, g);
      }
    }
  }

  /** The grammar for a file, by its extension, or null. */
  static OutlineGrammar forPath(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return null;
    }
    return BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** Node types whose text is a declaration's name when the grammar has no {@code name} field. */
  static final Set<String> NAME_TYPES = Set.of("identifier", "type_identifier", "simple_identifier", "constant", "field_identifier", "property_identifier", "private_property_identifier");

  /** Node types that hold a declaration's members or statements when the grammar has no {@code body} field. */
  static final Set<String> BODY_TYPES = Set.of("class_body", "enum_class_body", "function_body", "declaration_list", "body_statement", "interface_body", "enum_body");

  /** The tables shared by JavaScript and TypeScript. */
  private static final class Rules {
    static Map<String, Rule> javascript() {
      Map<String, Rule> m = new HashMap<>();
      m.put("class_declaration", Rule.symbol(Kind.TYPE, "class"));
      m.put("function_declaration", Rule.symbol(Kind.FUNCTION, "function"));
      m.put("generator_function_declaration", Rule.symbol(Kind.FUNCTION, "function"));
      m.put("method_definition", Rule.symbol(Kind.FUNCTION, "method"));
      m.put("export_statement", Rule.WRAPPER);
      m.put("lexical_declaration", Rule.WRAPPER);
      m.put("variable_declaration", Rule.WRAPPER);
      m.put("expression_statement", Rule.WRAPPER);
      m.put("variable_declarator", Rule.DECLARATOR);
      m.put("field_definition", Rule.DECLARATOR);
      m.put("assignment_expression", Rule.ASSIGNMENT);
      return Map.copyOf(m);
    }

    static Map<String, Rule> typescript() {
      Map<String, Rule> m = new HashMap<>(javascript());
      m.put("abstract_class_declaration", Rule.symbol(Kind.TYPE, "class"));
      m.put("interface_declaration", Rule.symbol(Kind.TYPE, "interface"));
      m.put("type_alias_declaration", Rule.symbol(Kind.TYPE, "type"));
      m.put("enum_declaration", Rule.symbol(Kind.TYPE, "enum"));
      m.put("internal_module", Rule.symbol(Kind.NAMESPACE, "namespace"));
      m.put("module", Rule.symbol(Kind.NAMESPACE, "module"));
      m.put("function_signature", Rule.symbol(Kind.FUNCTION, "function"));
      m.put("method_signature", Rule.symbol(Kind.FUNCTION, "method"));
      m.put("abstract_method_signature", Rule.symbol(Kind.FUNCTION, "method"));
      m.put("ambient_declaration", Rule.WRAPPER);
      m.put("public_field_definition", Rule.DECLARATOR);
      return Map.copyOf(m);
    }
  }
}
