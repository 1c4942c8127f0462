// The reserved words quotingNeed uses are the ones a MariaDB server (Qserv's database) refused, word for word:
// the golden list test/data/mariadb/reserved-words.txt comes from scripts/mariadb-reserved.sh.
import { describe, expect, it } from "vitest";
import { MARIADB_RESERVED, quotingNeed } from "../../src/gate/mysql-names.js";
import { externalText } from "../helpers/paths.js";

const golden = externalText("mariadb", "reserved-words.txt")
  .split("\n")
  .filter((line) => line !== "" && !line.startsWith("#"));

describe("MariaDB reserved words", () => {
  it("the list in the source is the golden list the server produced, exactly", () => {
    expect(golden.length).toBeGreaterThan(200);
    expect(golden).toEqual([...golden].sort());
    expect([...MARIADB_RESERVED].sort()).toEqual(golden);
  });
  it("words MySQL 8.0 reserves and MariaDB does not need no quoting", () => {
    for (const word of ["rank", "system", "groups", "lag", "lead", "database", "schema", "option", "window"])
      expect(quotingNeed(word), word).toBeNull();
  });
  it("words only MariaDB reserves need quoting", () => {
    for (const word of ["current_role", "returning", "offset", "portion", "delete_domain_id"])
      expect(quotingNeed(word), word).toBe("a MariaDB reserved word (Qserv's database)");
    expect(quotingNeed("Offset")).toBe("a MariaDB reserved word (Qserv's database)");
  });
  it("words the MariaDB documentation lists but the 10.11 server takes unquoted need no quoting", () => {
    for (const word of ["general", "slow", "position", "master_heartbeat_period", "ignore_server_ids"])
      expect(quotingNeed(word), word).toBeNull();
  });
});
