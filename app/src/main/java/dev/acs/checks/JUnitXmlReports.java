package dev.acs.checks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Failing tests from JUnit XML reports ({@code TEST-*.xml} as Surefire, Failsafe, Gradle and most
 * other runners write them). A {@code testcase} with a {@code failure} or {@code error} child is a
 * failing test; {@code flakyFailure}/{@code flakyError} (passed on a re-run) and {@code skipped}
 * are not. The reports are untrusted input: DTDs and external entities are refused, and files
 * larger than {@value #MAX_FILE_BYTES} bytes are skipped.
 */
final class JUnitXmlReports {
  static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
  private static final XMLInputFactory XML = safeFactory();

  private JUnitXmlReports() {}

  /**
   * Reads every {@code *.xml} file under {@code dir} (recursively, in name order) into
   * {@code found}; a file that cannot be read is named in {@code problems} and skipped.
   */
  static void read(Path dir, Extraction found, List<String> problems) {
    if (!Files.isDirectory(dir)) {
      problems.add("junit-xml: " + dir + " is not a directory");
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir, 4)) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(".xml") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      problems.add("junit-xml: cannot list " + dir + ": " + e.getMessage());
      return;
    }
    for (Path file : files) {
      try {
        if (Files.size(file) > MAX_FILE_BYTES) {
          problems.add("junit-xml: " + file.getFileName() + " skipped: larger than " + MAX_FILE_BYTES + " bytes");
          continue;
        }
        readFile(file, found);
      } catch (IOException | XMLStreamException e) {
        problems.add("junit-xml: " + file.getFileName() + " skipped: " + oneLine(e.getMessage()));
      }
    }
  }

  private static void readFile(Path file, Extraction found) throws IOException, XMLStreamException {
    try (InputStream in = Files.newInputStream(file)) {
      XMLStreamReader r = XML.createXMLStreamReader(in);
      try {
        String cls = null;
        String test = null;
        while (r.hasNext()) {
          int event = r.next();
          if (event != XMLStreamConstants.START_ELEMENT) {
            continue;
          }
          String element = r.getLocalName();
          if (element.equals("testcase")) {
            cls = r.getAttributeValue(null, "classname");
            test = r.getAttributeValue(null, "name");
          } else if ((element.equals("failure") || element.equals("error")) && test != null) {
            String type = r.getAttributeValue(null, "type");
            String message = r.getAttributeValue(null, "message");
            String text = r.getElementText();
            found.tool("junit-xml");
            found.test(toFailingTest(cls, test, type, message, text), -1, -1);
          }
        }
      } finally {
        r.close();
      }
    }
  }

  static FailingTest toFailingTest(String cls, String test, String type, String message, String text) {
    String method = test;
    // Gradle's JUnit 5 names end in "()"; parameterised ones carry "(int)[1]".
    if (method.contains("(")) {
      method = method.substring(0, method.indexOf('('));
    }
    String name = cls == null || cls.isBlank() ? method : cls + "#" + method;
    String first = message == null || message.isBlank() ? null : message.lines().findFirst().orElse(message);
    String shown;
    if (type != null && !type.isBlank() && (first == null || !first.startsWith(type))) {
      shown = first == null ? type : type + ": " + first;
    } else {
      shown = first;
    }
    if (shown == null && text != null) {
      shown = text.strip().lines().findFirst().orElse(null);
    }
    List<String> lines = text == null ? List.of() : new ArrayList<>(text.lines().toList());
    return new FailingTest(name, shown, StackHeads.of(lines, cls), "junit-xml");
  }

  private static String oneLine(String s) {
    return s == null ? "unreadable" : s.replaceAll("\\s+", " ").strip();
  }

  private static XMLInputFactory safeFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return f;
  }
}
