package dev.acs.context;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.AnnotationDeclaration;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.nodeTypes.NodeWithModifiers;
import dev.acs.context.Outline.Kind;
import dev.acs.context.Outline.Symbol;
import dev.acs.context.OutlineGrammar.DocStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Java outlines with JavaParser: types and their non-private constructors and methods, written as
 * Java declares them ({@code public List<String> parseArray(String text, int depth)}), with the
 * first line of their Javadoc. JavaParser prints declarations more exactly than a slice of the
 * source would; tree-sitter takes over when it cannot parse a file.
 */
final class JavaOutline {
  private final JavaParser parser;

  JavaOutline() {
    // Comment attribution and validation are not needed for an outline and cost time; doc comments
    // are read from the lines above each declaration instead. Tokens stay on: without them
    // JavaParser keeps no positions, and the lines above could not be found.
    parser = new JavaParser(new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.RAW)
        .setStoreTokens(true)
        .setAttributeComments(false)
        .setDoNotAssignCommentsPrecedingEmptyLines(true));
  }

  /** The outline, or null when JavaParser cannot parse the file. */
  Outline outline(String path, String text) {
    ParseResult<CompilationUnit> result;
    try {
      result = parser.parse(text);
    } catch (StackOverflowError | RuntimeException e) {
      // Deeply nested expressions overflow JavaParser's recursive descent; tree-sitter's parser is not recursive.
      return null;
    }
    if (result.getResult().isEmpty() || !result.isSuccessful()) {
      return null;
    }
    String[] lines = text.split("\n", -1);
    List<Symbol> out = new ArrayList<>();
    for (TypeDeclaration<?> t : result.getResult().get().getTypes()) {
      type(t, 0, null, lines, out);
    }
    return new Outline(path, "java", out, null);
  }

  private static void type(TypeDeclaration<?> t, int depth, String owner, String[] lines, List<Symbol> out) {
    if (out.size() >= TreeSitterOutline.MAX_SYMBOLS) {
      return;
    }
    String header = typeHeader(t);
    out.add(new Symbol(Kind.TYPE, keyword(t), t.getNameAsString(), owner, header, doc(t, lines), line(t), depth));
    for (BodyDeclaration<?> member : t.getMembers()) {
      if (member instanceof MethodDeclaration md && !md.isPrivate()) {
        out.add(new Symbol(Kind.METHOD, "method", md.getNameAsString(), t.getNameAsString(),
            md.getDeclarationAsString(true, false, true).strip(), doc(md, lines), line(md), depth + 1));
      } else if (member instanceof ConstructorDeclaration cd && !cd.isPrivate()) {
        out.add(new Symbol(Kind.METHOD, "constructor", cd.getNameAsString(), t.getNameAsString(),
            cd.getDeclarationAsString(true, false, true).strip(), doc(cd, lines), line(cd), depth + 1));
      } else if (member instanceof TypeDeclaration<?> inner && depth < TreeSitterOutline.MAX_DEPTH) {
        type(inner, depth + 1, t.getNameAsString(), lines, out);
      }
    }
  }

  private static int line(Node n) {
    return n.getBegin().map(p -> p.line).orElse(0);
  }

  private static String doc(Node n, String[] lines) {
    int line = line(n);
    return line > 0 ? DocComments.above(lines, line - 1, DocStyle.SLASHES) : null;
  }

  private static String keyword(TypeDeclaration<?> t) {
    if (t instanceof ClassOrInterfaceDeclaration c) {
      return c.isInterface() ? "interface" : "class";
    }
    if (t instanceof RecordDeclaration) {
      return "record";
    }
    if (t instanceof EnumDeclaration) {
      return "enum";
    }
    return t instanceof AnnotationDeclaration ? "@interface" : "type";
  }

  static String typeHeader(TypeDeclaration<?> t) {
    String mods = modifiers(t);
    if (t instanceof ClassOrInterfaceDeclaration c) {
      StringBuilder h = new StringBuilder(mods).append(c.isInterface() ? "interface " : "class ").append(c.getNameAsString());
      if (c.getTypeParameters().isNonEmpty()) {
        h.append(c.getTypeParameters().stream().map(Object::toString).collect(Collectors.joining(", ", "<", ">")));
      }
      if (c.getExtendedTypes().isNonEmpty()) {
        h.append(" extends ").append(c.getExtendedTypes().stream().map(Object::toString).collect(Collectors.joining(", ")));
      }
      if (c.getImplementedTypes().isNonEmpty()) {
        h.append(" implements ").append(c.getImplementedTypes().stream().map(Object::toString).collect(Collectors.joining(", ")));
      }
      return h.toString();
    }
    if (t instanceof RecordDeclaration r) {
      return mods + "record " + r.getNameAsString()
          + r.getParameters().stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
    }
    if (t instanceof EnumDeclaration e) {
      return mods + "enum " + e.getNameAsString();
    }
    if (t instanceof AnnotationDeclaration a) {
      return mods + "@interface " + a.getNameAsString();
    }
    return mods + t.getNameAsString();
  }

  private static String modifiers(NodeWithModifiers<?> n) {
    return n.getModifiers().stream().map(Modifier::toString).collect(Collectors.joining(""));
  }
}
