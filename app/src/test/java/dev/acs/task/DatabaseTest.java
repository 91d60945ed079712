package dev.acs.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How ACS opens an H2 database so that a commit is on disk when it returns. */
class DatabaseTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:h2:file:./.acs/acs | jdbc:h2:file:./.acs/acs;WRITE_DELAY=0",
      "jdbc:h2:./data/acs;MODE=PostgreSQL | jdbc:h2:./data/acs;MODE=PostgreSQL;WRITE_DELAY=0",
      "jdbc:h2:~/acs | jdbc:h2:~/acs;WRITE_DELAY=0",
      "jdbc:h2:file:/var/acs;write_delay=100 | jdbc:h2:file:/var/acs;write_delay=100",
      "jdbc:h2:mem:t;DB_CLOSE_DELAY=-1 | jdbc:h2:mem:t;DB_CLOSE_DELAY=-1",
      "jdbc:h2:tcp://db:9092/acs | jdbc:h2:tcp://db:9092/acs",
      "jdbc:postgresql://db/acs | jdbc:postgresql://db/acs"})
  void fileDatabasesWriteEachCommitAtOnceUnlessTheUrlSaysOtherwise(String given, String used) {
    assertThat(Database.writtenAtCommit(given)).isEqualTo(used);
  }

  @Test
  void theDefaultKindOfDatabaseRunsWithoutAWriteDelay(@TempDir Path dir) throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("acs"), "", "", 2);
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      assertThat(db.h2File()).isTrue();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("0");
    }
    try (Database mem = Database.inMemory("dbtest")) {
      assertThat(mem.h2File()).isFalse();
    }
  }
}
