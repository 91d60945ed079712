#!/bin/sh
# Re-creates the scratch project and re-runs the failing build that produced the logs named below.
# Writes into a fresh temporary directory; OUT is where the logs go (default: current directory).
set -u
OUT="${OUT:-$PWD}"
HERE="$(cd "$(dirname "$0")" && pwd)"
W="$(mktemp -d)"
cd "$W"
cat > pom.xml <<'ACS_EOF'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>shop</artifactId>
  <version>1.0-SNAPSHOT</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-checkstyle-plugin</artifactId>
        <version>3.3.1</version>
        <configuration>
          <configLocation>google_checks.xml</configLocation>
          <violationSeverity>warning</violationSeverity>
        </configuration>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-pmd-plugin</artifactId>
        <version>3.21.2</version>
        <configuration>
          <printFailingErrors>true</printFailingErrors>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
ACS_EOF
mkdir -p "$(dirname 'src/main/java/com/example/shop/Cart.java')"
cat > 'src/main/java/com/example/shop/Cart.java' <<'ACS_EOF'
package com.example.shop;

import java.util.ArrayList;
import java.util.List;

public class Cart {
    private List<Integer> prices = new ArrayList<>();

    public void add(int price) {
        int unused = 0;
        prices.add(price);
    }

    public int total() {
        int sum = 0;
        for (int p : prices) sum += p;
        return sum;
    }

    public boolean isEmpty() {
        try {
            return prices.size() == 0;
        } catch (RuntimeException e) {
        }
        return true;
    }
}
ACS_EOF
mvn -B checkstyle:check > "$OUT/maven-checkstyle.log" 2>&1   # exit 1: 22 violations (google_checks, severity warning)
mvn -B compile pmd:check > "$OUT/maven-compiler-source-option.log" 2>&1   # exit 1: default compiler plugin 3.1 asks javac 17 for -source 5
cat > pom.xml <<'ACS_EOF'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>shop</artifactId>
  <version>1.0-SNAPSHOT</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-checkstyle-plugin</artifactId>
        <version>3.3.1</version>
        <configuration>
          <configLocation>google_checks.xml</configLocation>
          <violationSeverity>warning</violationSeverity>
        </configuration>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-pmd-plugin</artifactId>
        <version>3.21.2</version>
        <configuration>
          <printFailingErrors>true</printFailingErrors>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
ACS_EOF
mvn -B compile pmd:check > "$OUT/maven-pmd.log" 2>&1   # exit 1: 1 PMD violation
# Infrastructure failures: every repository mirrored to an unreachable address, empty local repository.
for m in refused:http://127.0.0.1:9/maven2 unknownhost:https://repo.maven.invalid/maven2; do
  name=${m%%:*}; url=${m#*:}
  echo "<settings><mirrors><mirror><id>broken</id><mirrorOf>*</mirrorOf><url>$url</url></mirror></mirrors></settings>" > settings-$name.xml
  mvn -B -s settings-$name.xml -Dmaven.repo.local="$W/emptyrepo-$name" compile > "$OUT/maven-infra-$name.log" 2>&1   # exit 1
done
