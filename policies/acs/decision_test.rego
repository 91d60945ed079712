# Unit tests for data.acs.decision: run with `opa test policies/ -v`.
# Tests that do not override data use the shipped policies/data.json (loaded as data.acs.*).
package acs_test

import rego.v1

import data.acs

# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------

clean_integrity := {
	"tests_deleted": 0, "test_files_deleted": 0, "assertions_removed": 0, "skips_added": 0,
	"ci_config_changed": false, "test_config_changed": false, "details": [],
}

push_input := {
	"action": "push",
	"repository": {"full_name": "o/r", "private": true, "fork": false, "default_branch": "main"},
	"actor": {"login": "alice", "type": "User", "permission": "write"},
	"trigger": {"event": "check_suite", "action": "completed", "command": null, "from_fork": false},
	"task": {"id": "t-1", "issue": 12, "attempt": 2, "tokens": 48213, "cost_usd": 0.41, "budget_usd": null},
	"change": {
		"branch": "acs/12-fix-npe", "base": "main", "additions": 40, "deletions": 3,
		"files": [
			{"path": "src/main/java/A.java", "status": "modified", "additions": 30, "deletions": 3},
			{"path": "src/test/java/ATest.java", "status": "modified", "additions": 10, "deletions": 0},
		],
		"test_integrity": clean_integrity,
	},
	"findings": {"new": []},
	"config": {},
	"plan": null,
}

with_action(name) := object.union(push_input, {"action": name})

with_actor(actor) := object.union(push_input, {"actor": actor})

with_trigger(fields) := object.union(push_input, {"trigger": fields})

with_task(fields) := object.union(push_input, {"task": fields})

with_change(fields) := object.union(push_input, {"change": fields})

with_files(files) := with_change({"files": files})

one_file(path) := with_files([{"path": path, "status": "modified", "additions": 1, "deletions": 0}])

with_integrity(fields) := with_change({"test_integrity": object.union(clean_integrity, fields)})

with_findings(findings) := object.union(push_input, {"findings": {"new": findings}})

command_input(command, permission) := object.union(push_input, {
	"action": "command",
	"actor": {"login": "carol", "type": "User", "permission": permission},
	"trigger": {"event": "issue_comment", "action": "created", "command": command},
	"change": null,
})

plan_input(files) := object.union(push_input, {"action": "plan", "change": null, "plan": {"files": files}})

numbered_files(n) := [path |
	some i in numbers.range(1, n)
	path := concat("", ["src/main/java/F", format_int(i, 10), ".java"])
]

denies(d, fragment) if {
	some msg in d.deny
	contains(msg, fragment)
}

warns(d, fragment) if {
	some msg in d.warn
	contains(msg, fragment)
}

# ---------------------------------------------------------------------------------------------
# The decision document
# ---------------------------------------------------------------------------------------------

test_clean_push_is_allowed if {
	d := acs.decision with input as push_input
	d == {"allow": true, "deny": [], "warn": [], "require_approval": false}
}

test_every_known_action_is_allowed_for_a_writer if {
	every name in ["push", "open_pr", "ready_for_review", "plan", "command"] {
		d := acs.decision with input as with_action(name)
		d.allow
	}
}

test_unknown_action_is_denied if {
	d := acs.decision with input as with_action("merge")
	not d.allow
	denies(d, "unknown action \"merge\"")
}

test_missing_action_is_denied if {
	d := acs.decision with input as object.remove(push_input, ["action"])
	not d.allow
	denies(d, "unknown action")
}

test_deny_and_warn_are_sorted_arrays if {
	d := acs.decision with input as with_files([
		{"path": "z.pem", "status": "added", "additions": 1, "deletions": 0},
		{"path": "a.pem", "status": "added", "additions": 1, "deletions": 0},
	])
	d.deny == sort(d.deny)
	count(d.deny) == 2
	startswith(d.deny[0], "the change touches a.pem")
}

# ---------------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------------

test_write_maintain_admin_may_trigger if {
	every permission in ["write", "maintain", "admin"] {
		d := acs.decision with input as with_actor({"login": "bob", "type": "User", "permission": permission})
		d.allow
	}
}

test_read_triage_none_may_not_trigger if {
	every permission in ["read", "triage", "none"] {
		d := acs.decision with input as with_actor({"login": "bob", "type": "User", "permission": permission})
		not d.allow
		denies(d, "acs.actors.permissions")
	}
}

test_missing_permission_counts_as_none if {
	d := acs.decision with input as with_actor({"login": "bob", "type": "User", "permission": null})
	denies(d, "has 'none' permission")
}

test_permissions_come_from_data if {
	d := acs.decision with input as push_input with data.acs.actors.permissions as ["admin"]
	not d.allow
	denies(d, "ACS acts only for admin")
}

test_bot_is_denied_even_with_write if {
	d := acs.decision with input as with_actor({"login": "renovate", "type": "Bot", "permission": "write"})
	not d.allow
	denies(d, "is a bot")
}

test_bot_login_suffix_is_a_bot if {
	d := acs.decision with input as with_actor({"login": "dependabot[bot]", "type": "User", "permission": "write"})
	denies(d, "is a bot")
}

test_allow_bots_lets_bots_with_permission_in if {
	d := acs.decision with input as with_actor({"login": "renovate", "type": "Bot", "permission": "write"}) with data.acs.actors.allow_bots as true
	d.allow
}

test_allow_bots_still_needs_permission if {
	d := acs.decision with input as with_actor({"login": "renovate", "type": "Bot", "permission": "read"}) with data.acs.actors.allow_bots as true
	not d.allow
	denies(d, "has 'read' permission")
}

test_allowed_bot_is_trusted_without_permission if {
	d := acs.decision with input as with_actor({"login": "release-bot[bot]", "type": "Bot", "permission": null}) with data.acs.actors.allowed_bots as ["release-bot[bot]"]
	d.allow
}

test_fork_is_denied if {
	d := acs.decision with input as with_trigger({"from_fork": true})
	not d.allow
	denies(d, "comes from a fork")
}

test_allow_forks_lets_forks_in if {
	d := acs.decision with input as with_trigger({"from_fork": true}) with data.acs.actors.allow_forks as true
	d.allow
}

# An OPA server loads its own data, unchecked by ACS: a switch of the wrong type must not open a rule.
test_allow_switches_open_only_for_true if {
	every value in ["true", 1, null, {}, []] {
		bot := acs.decision with input as with_actor({"login": "renovate", "type": "Bot", "permission": "write"}) with data.acs.actors.allow_bots as value
		denies(bot, "is a bot")
		fork := acs.decision with input as with_trigger({"from_fork": true}) with data.acs.actors.allow_forks as value
		denies(fork, "comes from a fork")
		ci := acs.decision with input as with_integrity({"ci_config_changed": true}) with data.acs.test_integrity.allow_ci_config_changed as value
		denies(ci, "modifies CI configuration")
		tests := acs.decision with input as with_integrity({"test_config_changed": true}) with data.acs.test_integrity.allow_test_config_changed as value
		denies(tests, "modifies test configuration")
	}
}

test_command_needs_write_permission if {
	d := acs.decision with input as command_input("fix", "read")
	not d.allow
	denies(d, "has 'read' permission")
}

test_open_command_is_allowed_without_permission if {
	d := acs.decision with input as command_input("help", "read") with data.acs.actors.open_commands as ["help"]
	d.allow
}

test_open_commands_do_not_open_other_commands if {
	d := acs.decision with input as command_input("fix", "read") with data.acs.actors.open_commands as ["help"]
	not d.allow
}

# ---------------------------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------------------------

test_workflow_change_is_denied if {
	d := acs.decision with input as one_file(".github/workflows/ci.yml")
	not d.allow
	denies(d, "a CI workflow")
}

test_workflow_deletion_is_denied if {
	d := acs.decision with input as with_files([{"path": ".github/workflows/ci.yml", "status": "removed", "additions": 0, "deletions": 9}])
	not d.allow
}

test_rename_out_of_workflows_is_denied if {
	d := acs.decision with input as with_files([{
		"path": "ci.yml.bak", "previous_path": ".github/workflows/ci.yml",
		"status": "renamed", "additions": 0, "deletions": 0,
	}])
	denies(d, "touches .github/workflows/ci.yml")
}

test_workflows_can_be_opened_in_data if {
	d := acs.decision with input as one_file(".github/workflows/ci.yml") with data.acs.paths.workflows as [] with data.acs.test_integrity.allow_ci_config_changed as true
	d.allow
}

test_other_github_files_are_not_workflows if {
	d := acs.decision with input as one_file(".github/ISSUE_TEMPLATE/bug.md")
	d.allow
}

test_secret_like_files_are_denied if {
	every path in [".env", "config/.env.local", "certs/server.pem", "keys/signing.key", "id_rsa", "home/id_rsa.pub", "store.p12"] {
		d := acs.decision with input as one_file(path)
		not d.allow
		denies(d, "a secret-like file")
	}
}

test_similar_names_are_not_secret_like if {
	every path in ["docs/environment.md", "src/main/java/KeyStore.java", "pem.txt", "src/keys.json"] {
		d := acs.decision with input as one_file(path)
		not denies(d, "secret-like")
	}
}

test_protected_paths_are_denied if {
	d := acs.decision with input as one_file(".github/acs.yml")
	not d.allow
	denies(d, "a protected path")
}

test_codeowners_is_protected_in_any_folder if {
	d := acs.decision with input as one_file("docs/CODEOWNERS")
	denies(d, "a protected path")
}

test_protected_paths_come_from_data if {
	d1 := acs.decision with input as one_file("docs/guide.md") with data.acs.paths.protected as ["docs/**"]
	denies(d1, "touches docs/guide.md, a protected path")
	d2 := acs.decision with input as one_file(".github/acs.yml") with data.acs.paths.protected as ["docs/**"]
	d2.allow
}

test_repository_protected_paths_are_denied if {
	d := acs.decision with input as object.union(one_file("db/migrations/V1__init.sql"), {"config": {"protected_paths": ["db/migrations/**"]}})
	not d.allow
	denies(d, "touches db/migrations/V1__init.sql, a path the repository protects (rule: repo_protected_path")
}

test_repository_protected_paths_match_file_names_in_any_folder if {
	d := acs.decision with input as object.union(one_file("deploy/prod/secrets.yaml"), {"config": {"protected_paths": ["secrets.yaml"]}})
	denies(d, "rule: repo_protected_path")
}

test_rename_out_of_a_repository_protected_path_is_denied if {
	d := acs.decision with input as object.union(
		with_files([{"path": "old/V1.sql", "previous_path": "db/migrations/V1.sql", "status": "renamed", "additions": 0, "deletions": 0}]),
		{"config": {"protected_paths": ["db/**"]}},
	)
	denies(d, "touches db/migrations/V1.sql, a path the repository protects")
}

test_repository_protected_paths_only_add if {
	d1 := acs.decision with input as object.union(one_file("src/main/java/A.java"), {"config": {"protected_paths": ["db/**", 7, ""]}})
	not denies(d1, "repo_protected_path")
	d2 := acs.decision with input as object.union(one_file(".github/acs.yml"), {"config": {"protected_paths": []}})
	denies(d2, "rule: protected_path")
}

test_repository_protected_paths_need_plan_approval if {
	d := acs.decision with input as object.union(plan_input(["db/migrations/V2.sql"]), {"config": {"protected_paths": ["db/**"]}})
	d.allow
	d.require_approval
	warns(d, "rule: plan_sensitive_path")
}

test_removed_submodule_is_denied if {
	d := acs.decision with input as with_files([{"path": "vendor/lib", "status": "removed", "additions": 0, "deletions": 1, "submodule": true}])
	not d.allow
	denies(d, "removes the submodule vendor/lib, which ACS may not do (rule: submodule_removed)")
}

test_updated_submodule_and_removed_file_are_allowed if {
	d1 := acs.decision with input as with_files([{"path": "vendor/lib", "status": "modified", "additions": 1, "deletions": 1, "submodule": true}])
	d1.allow
	d2 := acs.decision with input as with_files([{"path": "docs/old.md", "status": "removed", "additions": 0, "deletions": 4, "submodule": false}])
	d2.allow
}

# Every reason names its rule, so that the Java guardrails and the parity suite can tell them apart.
test_every_reason_names_its_rule if {
	d := acs.decision with input as object.union(
		with_files([
			{"path": ".github/workflows/ci.yml", "status": "added", "additions": 1, "deletions": 0},
			{"path": "x.pem", "status": "added", "additions": 1, "deletions": 0},
			{"path": "CODEOWNERS", "status": "modified", "additions": 1, "deletions": 0},
		]),
		{"actor": {"login": "renovate[bot]", "type": "Bot", "permission": "read"}},
	)
	count(d.deny) == 5
	every msg in d.deny {
		regex.match(`\(rule: [a-z_]+[;)]`, msg)
	}
}

# ---------------------------------------------------------------------------------------------
# Size and attempts
# ---------------------------------------------------------------------------------------------

test_too_many_files_per_push if {
	d := acs.decision with input as push_input with data.acs.limits.max_files_per_push as 1
	not d.allow
	denies(d, "the push changes 2 files, more than the limit of 1")
}

test_files_at_the_limit_are_allowed if {
	d := acs.decision with input as push_input with data.acs.limits.max_files_per_push as 2
	d.allow
}

test_too_many_lines_per_push if {
	d := acs.decision with input as push_input with data.acs.limits.max_changed_lines_per_push as 42
	not d.allow
	denies(d, "the push changes 43 lines")
}

test_lines_at_the_limit_are_allowed if {
	d := acs.decision with input as push_input with data.acs.limits.max_changed_lines_per_push as 43
	d.allow
}

test_size_limits_apply_to_pushes_only if {
	d := acs.decision with input as with_action("open_pr") with data.acs.limits.max_files_per_push as 1
	d.allow
}

test_shipped_file_limit_is_25 if {
	d1 := acs.decision with input as with_files([{"path": p, "status": "added", "additions": 1, "deletions": 0} | some p in numbered_files(25)])
	not denies(d1, "max_files_per_push")
	d2 := acs.decision with input as with_files([{"path": p, "status": "added", "additions": 1, "deletions": 0} | some p in numbered_files(26)])
	denies(d2, "the push changes 26 files, more than the limit of 25")
}

test_missing_limits_fall_back_to_shipped_values if {
	d := acs.decision with input as with_files([{"path": p, "status": "added", "additions": 1, "deletions": 0} | some p in numbered_files(26)]) with data.acs.limits as {}
	denies(d, "more than the limit of 25")
}

test_attempt_over_limit_is_denied if {
	d := acs.decision with input as with_task({"attempt": 4})
	not d.allow
	denies(d, "repair attempt 4 is over the limit of 3")
}

test_attempt_at_limit_is_allowed if {
	d := acs.decision with input as with_task({"attempt": 3})
	d.allow
}

test_attempt_limit_comes_from_data if {
	d := acs.decision with input as with_task({"attempt": 4}) with data.acs.limits.max_repair_attempts as 5
	d.allow
}

# ---------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------

test_new_high_pmd_finding_is_denied if {
	d := acs.decision with input as with_findings([{"tool": "pmd", "rule": "AvoidCatchingNPE", "severity": "high", "path": "src/main/java/A.java", "line": 7}])
	not d.allow
	denies(d, "new high-severity pmd finding AvoidCatchingNPE at src/main/java/A.java:7")
}

test_new_high_spotbugs_finding_is_denied_case_insensitively if {
	d := acs.decision with input as with_findings([{"tool": "SpotBugs", "rule": "NP_NULL_ON_SOME_PATH", "severity": "HIGH", "path": "A.java", "line": 3}])
	not d.allow
}

test_finding_without_rule_still_denies if {
	d := acs.decision with input as with_findings([{"tool": "pmd", "rule": null, "severity": "high", "path": "A.java", "line": 3}])
	denies(d, "finding null at A.java:3")
}

test_medium_findings_and_other_tools_pass if {
	d := acs.decision with input as with_findings([
		{"tool": "pmd", "rule": "UnusedLocalVariable", "severity": "medium", "path": "A.java", "line": 3},
		{"tool": "checkstyle", "rule": "LineLength", "severity": "high", "path": "A.java", "line": 4},
	])
	d.allow
}

test_blocking_severities_come_from_data if {
	d := acs.decision with input as with_findings([{"tool": "pmd", "rule": "UnusedLocalVariable", "severity": "medium", "path": "A.java", "line": 3}]) with data.acs.findings.blocking_severities as ["high", "medium"]
	not d.allow
}

# ---------------------------------------------------------------------------------------------
# Model cost
# ---------------------------------------------------------------------------------------------

test_cost_over_task_budget_is_denied if {
	d := acs.decision with input as with_task({"cost_usd": 0.41, "budget_usd": 0.4})
	not d.allow
	denies(d, "model cost of $0.41 is over its budget of $0.4")
}

test_cost_within_task_budget_is_allowed if {
	d := acs.decision with input as with_task({"cost_usd": 0.4, "budget_usd": 0.4})
	d.allow
}

test_default_budget_applies_without_task_budget if {
	d := acs.decision with input as with_task({"cost_usd": 0.41, "budget_usd": null}) with data.acs.limits.default_task_budget_usd as 0.1
	denies(d, "over its budget of $0.1")
}

test_task_budget_wins_over_default if {
	d := acs.decision with input as with_task({"cost_usd": 0.41, "budget_usd": 1}) with data.acs.limits.default_task_budget_usd as 0.1
	d.allow
}

test_null_default_budget_means_no_budget if {
	d := acs.decision with input as with_task({"cost_usd": 99, "budget_usd": null}) with data.acs.limits.default_task_budget_usd as null
	d.allow
}

test_budget_does_not_block_commands if {
	d := acs.decision with input as object.union(command_input("stop", "write"), {"task": {"cost_usd": 9, "budget_usd": 1}})
	d.allow
}

# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------

test_source_without_test_warns_but_allows if {
	d := acs.decision with input as one_file("src/main/java/A.java")
	d.allow
	warns(d, "touches source code but no test")
}

test_source_in_module_without_test_warns if {
	d := acs.decision with input as one_file("app/src/main/java/A.java")
	warns(d, "no test")
}

test_source_with_test_does_not_warn if {
	d := acs.decision with input as push_input
	not warns(d, "no test")
}

test_docs_only_change_does_not_warn if {
	d := acs.decision with input as one_file("README.md")
	d.warn == []
}

test_removed_source_does_not_warn if {
	d := acs.decision with input as with_files([{"path": "src/main/java/Old.java", "status": "removed", "additions": 0, "deletions": 20}])
	not warns(d, "no test")
}

test_deleted_tests_are_denied if {
	d := acs.decision with input as with_integrity({"tests_deleted": 2})
	not d.allow
	denies(d, "deletes 2 test(s)")
}

test_deleted_tests_can_be_allowed_in_data if {
	d := acs.decision with input as with_integrity({"tests_deleted": 2}) with data.acs.test_integrity.max_tests_deleted as 2
	d.allow
}

test_deleted_test_files_are_denied if {
	d := acs.decision with input as with_integrity({"test_files_deleted": 1})
	denies(d, "deletes 1 test file(s)")
}

test_removed_assertions_are_denied if {
	d := acs.decision with input as with_integrity({"assertions_removed": 3})
	denies(d, "removes 3 assertion(s)")
}

test_added_skips_are_denied if {
	d := acs.decision with input as with_integrity({"skips_added": 1})
	denies(d, "disables or skips tests in 1 place(s)")
}

test_ci_config_change_is_denied if {
	d := acs.decision with input as with_integrity({"ci_config_changed": true})
	denies(d, "modifies CI configuration")
}

test_ci_config_change_can_be_allowed if {
	d := acs.decision with input as with_integrity({"ci_config_changed": true}) with data.acs.test_integrity.allow_ci_config_changed as true
	d.allow
}

test_test_config_change_is_denied if {
	d := acs.decision with input as with_integrity({"test_config_changed": true})
	denies(d, "modifies test configuration")
}

test_test_config_change_can_be_allowed if {
	d := acs.decision with input as with_integrity({"test_config_changed": true}) with data.acs.test_integrity.allow_test_config_changed as true
	d.allow
}

test_integrity_signals_apply_to_pull_requests if {
	every name in ["open_pr", "ready_for_review"] {
		d := acs.decision with input as object.union(with_integrity({"skips_added": 1}), {"action": name})
		not d.allow
	}
}

test_missing_integrity_signals_are_clean if {
	d := acs.decision with input as with_change({"test_integrity": null})
	d.allow
}

# ---------------------------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------------------------

test_small_plan_needs_no_approval if {
	d := acs.decision with input as plan_input(numbered_files(10))
	d == {"allow": true, "deny": [], "warn": [], "require_approval": false}
}

test_large_plan_needs_approval if {
	d := acs.decision with input as plan_input(numbered_files(11))
	d.allow
	d.require_approval
	warns(d, "approval needed: the plan touches 11 files, more than 10")
}

test_plan_approval_threshold_comes_from_data if {
	d := acs.decision with input as plan_input(numbered_files(3)) with data.acs.plan.approval_files as 2
	d.require_approval
}

test_plan_with_protected_path_needs_approval if {
	every path in [".github/workflows/ci.yml", ".github/acs.yml", "deploy/.env"] {
		d := acs.decision with input as plan_input(["src/main/java/A.java", path])
		d.allow
		d.require_approval
	}
}

test_always_require_approval if {
	d := acs.decision with input as plan_input(["src/main/java/A.java"]) with data.acs.plan.always_require_approval as true
	d.require_approval
}

test_always_require_approval_holds_unless_false if {
	every value in ["false", 0, null, []] {
		d := acs.decision with input as plan_input(["src/main/java/A.java"]) with data.acs.plan.always_require_approval as value
		d.require_approval
	}
}

test_only_plans_require_approval if {
	d := acs.decision with input as object.union(push_input, {"plan": {"files": numbered_files(20)}})
	not d.require_approval
}

test_plan_by_reader_is_denied if {
	d := acs.decision with input as object.union(plan_input(["a.java"]), {"actor": {"login": "eve", "type": "User", "permission": "read"}})
	not d.allow
}

test_plan_over_budget_is_denied if {
	d := acs.decision with input as object.union(plan_input(["a.java"]), {"task": {"cost_usd": 2, "budget_usd": 1}})
	not d.allow
}
