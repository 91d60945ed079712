# METADATA
# title: ACS default policy
# description: |
#   data.acs.decision = {allow, deny[], warn[], require_approval} for the ACS actions
#   plan, push, open_pr, ready_for_review and command. Every number and path list is read
#   from policies/data.json (data.acs.*); the fallbacks below only apply when a key is missing,
#   so that a trimmed data.json never switches a rule off. Every deny and warning names its rule
#   as "(rule: <id>; ...)": the Java guardrails (dev.acs.policy.DefaultRules) implement the same
#   rules under the same ids, and the parity suite (policies/run-tests.sh, DefaultRulesParityTest)
#   checks that both decide every case of decision_test.rego alike. See docs/policies.md.
package acs

import rego.v1

# ---------------------------------------------------------------------------------------------
# The decision
# ---------------------------------------------------------------------------------------------

decision := {
	"allow": allow,
	"deny": sort(deny),
	"warn": sort(warn),
	"require_approval": require_approval,
}

default allow := false

# Unknown actions are never allowed, even if building their deny message failed.
allow if {
	action in actions
	count(deny) == 0
}

default require_approval := false

require_approval if {
	action == "plan"
	count(approval_reasons) > 0
}

actions := {"plan", "push", "open_pr", "ready_for_review", "command"}

# Actions that carry a change (input.change) to judge.
change_actions := {"push", "open_pr", "ready_for_review"}

# Model cost only matters for actions that spend or ship model work.
budget_actions := {"plan", "push", "open_pr", "ready_for_review"}

default action := ""

action := input.action

deny contains msg if {
	not action in actions
	msg := concat("", [
		"unknown action ", json.marshal(action),
		"; expected one of plan, push, open_pr, ready_for_review, command (rule: unknown_action)",
	])
}

# ---------------------------------------------------------------------------------------------
# Configuration from policies/data.json. Each section defaults to {} so a missing section falls
# back to the values written next to each rule (the same values data.json ships with).
# The rule names must not collide with the data keys under data.acs.
# ---------------------------------------------------------------------------------------------

default cfg_limits := {}

cfg_limits := data.acs.limits

default cfg_actors := {}

cfg_actors := data.acs.actors

default cfg_paths := {}

cfg_paths := data.acs.paths

default cfg_findings := {}

cfg_findings := data.acs.findings

default cfg_tests := {}

cfg_tests := data.acs.tests

default cfg_test_integrity := {}

cfg_test_integrity := data.acs.test_integrity

default cfg_plan := {}

cfg_plan := data.acs.plan

# The value of key name in a configuration section, or fallback when the key is missing.
# Switches fail closed whatever their value: one that loosens a rule (allow_*) opens only for
# exactly true, one that tightens it (always_require_approval) holds unless exactly false. ACS
# type-checks the data it loads, but an OPA server loads its own, and there `not "false"` or
# `not null` would be true and silently open a rule.
setting(section, name, fallback) := value if {
	value := section[name]
} else := fallback

# A field of an input object as text for a message: never undefined, so a message can always
# be built (an undefined message would silently drop the deny).
text(obj, key) := value if {
	value := obj[key]
	is_string(value)
} else := value if {
	value := json.marshal(obj[key])
} else := "?"

# ---------------------------------------------------------------------------------------------
# Who may trigger or command ACS
# ---------------------------------------------------------------------------------------------

default actor_login := "?"

actor_login := input.actor.login if is_string(input.actor.login)

default permission := "none"

permission := input.actor.permission if is_string(input.actor.permission)

actor_is_bot if input.actor.type == "Bot"

actor_is_bot if endswith(actor_login, "[bot]")

# A bot named in acs.actors.allowed_bots is trusted like a writer.
trusted_bot if {
	actor_is_bot
	actor_login in setting(cfg_actors, "allowed_bots", [])
}

# Commands anyone may use, e.g. "help" (acs.actors.open_commands).
open_command if {
	action == "command"
	input.trigger.command in setting(cfg_actors, "open_commands", [])
}

deny contains msg if {
	actor_is_bot
	not trusted_bot
	setting(cfg_actors, "allow_bots", false) != true
	msg := concat("", [
		"actor ", actor_login, " is a bot and bots may not trigger or command ACS",
		" (rule: bot_actor; data: acs.actors.allow_bots, acs.actors.allowed_bots)",
	])
}

deny contains msg if {
	not trusted_bot
	not open_command
	allowed := setting(cfg_actors, "permissions", ["admin", "maintain", "write"])
	not permission in allowed
	msg := concat("", [
		"actor ", actor_login, " has '", permission, "' permission on the repository; ACS acts only for ",
		concat(", ", allowed), " (rule: actor_permission; data: acs.actors.permissions)",
	])
}

deny contains msg if {
	input.trigger.from_fork == true
	setting(cfg_actors, "allow_forks", false) != true
	msg := concat("", [
		"the request by ", actor_login, " comes from a fork and ACS does not act for forks",
		" (rule: fork; data: acs.actors.allow_forks)",
	])
}

# ---------------------------------------------------------------------------------------------
# Paths: workflows, secret-like files, protected paths
# ---------------------------------------------------------------------------------------------

# Every path a change touches, including the old name of a renamed file.
changed_paths contains path if {
	action in change_actions
	some f in input.change.files
	path := f.path
	is_string(path)
}

changed_paths contains path if {
	action in change_actions
	some f in input.change.files
	path := f.previous_path
	is_string(path)
}

# A pattern with a slash matches the whole path from the repository root; a pattern without
# one matches the file name in any folder (like .gitignore). "*" stays within a folder, "**"
# crosses folders.
path_matches(pattern, path) if {
	contains(pattern, "/")
	glob.match(pattern, ["/"], path)
}

path_matches(pattern, path) if {
	not contains(pattern, "/")
	glob.match(pattern, ["/"], base_name(path))
}

base_name(path) := name if {
	parts := split(path, "/")
	name := parts[count(parts) - 1]
}

default_workflows := [".github/workflows/**"]

default_secret_like := [".env*", "*.pem", "*.key", "id_rsa*", "*.p12"]

default_protected := [".github/acs.yml", ".github/CODEOWNERS", "CODEOWNERS"]

is_workflow(path) if {
	some pattern in setting(cfg_paths, "workflows", default_workflows)
	path_matches(pattern, path)
}

is_secret_like(path) if {
	some pattern in setting(cfg_paths, "secret_like", default_secret_like)
	path_matches(pattern, path)
}

is_protected(path) if {
	some pattern in setting(cfg_paths, "protected", default_protected)
	path_matches(pattern, path)
}

deny contains msg if {
	some path in changed_paths
	is_workflow(path)
	msg := concat("", ["the change touches ", path, ", a CI workflow, which ACS may not change (rule: workflow; data: acs.paths.workflows)"])
}

deny contains msg if {
	some path in changed_paths
	is_secret_like(path)
	msg := concat("", ["the change touches ", path, ", a secret-like file, which ACS may not change (rule: secret_like; data: acs.paths.secret_like)"])
}

deny contains msg if {
	some path in changed_paths
	is_protected(path)
	msg := concat("", ["the change touches ", path, ", a protected path (rule: protected_path; data: acs.paths.protected)"])
}

# The repository's own protected_paths (.github/acs.yml on its default branch, passed by ACS as
# input.config): they add to acs.paths.protected and cannot remove anything from it.
repo_protected_patterns contains pattern if {
	some pattern in input.config.protected_paths
	is_string(pattern)
	pattern != ""
}

is_repo_protected(path) if {
	some pattern in repo_protected_patterns
	path_matches(pattern, path)
}

deny contains msg if {
	some path in changed_paths
	is_repo_protected(path)
	msg := concat("", [
		"the change touches ", path, ", a path the repository protects",
		" (rule: repo_protected_path; protected_paths in .github/acs.yml)",
	])
}

# A submodule (gitlink) that the change removes: a removal would drop a dependency pinned by
# commit, which ACS's edit tools never mean to do.
deny contains msg if {
	action in change_actions
	some f in input.change.files
	f.submodule == true
	f.status == "removed"
	msg := concat("", ["the change removes the submodule ", text(f, "path"), ", which ACS may not do (rule: submodule_removed)"])
}

# ---------------------------------------------------------------------------------------------
# Size of a push and number of repair attempts
# ---------------------------------------------------------------------------------------------

deny contains msg if {
	action == "push"
	files := count(input.change.files)
	limit := setting(cfg_limits, "max_files_per_push", 25)
	files > limit
	msg := concat("", [
		"the push changes ", json.marshal(files), " files, more than the limit of ", json.marshal(limit),
		" (rule: max_files_per_push; data: acs.limits.max_files_per_push)",
	])
}

deny contains msg if {
	action == "push"
	lines := input.change.additions + input.change.deletions
	limit := setting(cfg_limits, "max_changed_lines_per_push", 1000)
	lines > limit
	msg := concat("", [
		"the push changes ", json.marshal(lines), " lines, more than the limit of ", json.marshal(limit),
		" (rule: max_changed_lines_per_push; data: acs.limits.max_changed_lines_per_push)",
	])
}

deny contains msg if {
	action == "push"
	attempt := input.task.attempt
	limit := setting(cfg_limits, "max_repair_attempts", 3)
	attempt > limit
	msg := concat("", [
		"repair attempt ", json.marshal(attempt), " is over the limit of ", json.marshal(limit),
		" attempts per task (rule: max_repair_attempts; data: acs.limits.max_repair_attempts)",
	])
}

# ---------------------------------------------------------------------------------------------
# New static-analysis findings
# ---------------------------------------------------------------------------------------------

deny contains msg if {
	action in change_actions
	some f in input.findings.new
	lower(f.severity) in setting(cfg_findings, "blocking_severities", ["high"])
	lower(f.tool) in setting(cfg_findings, "tools", ["pmd", "spotbugs"])
	msg := concat("", [
		"new ", text(f, "severity"), "-severity ", text(f, "tool"), " finding ", text(f, "rule"),
		" at ", text(f, "path"), ":", text(f, "line"), " (rule: finding; data: acs.findings.blocking_severities)",
	])
}

# ---------------------------------------------------------------------------------------------
# Model cost
# ---------------------------------------------------------------------------------------------

# The task's own budget, else the default from data (null there means no default budget).
budget := value if {
	value := input.task.budget_usd
	is_number(value)
} else := value if {
	value := setting(cfg_limits, "default_task_budget_usd", 5)
	is_number(value)
}

deny contains msg if {
	action in budget_actions
	cost := input.task.cost_usd
	is_number(cost)
	cost > budget
	msg := concat("", [
		"the task's model cost of $", json.marshal(cost), " is over its budget of $", json.marshal(budget),
		" (rule: budget; task budget_usd, or data: acs.limits.default_task_budget_usd)",
	])
}

# ---------------------------------------------------------------------------------------------
# Tests: a warning for source without tests, a deny for weakened tests
# ---------------------------------------------------------------------------------------------

default_source_patterns := ["src/**", "**/src/main/**", "lib/**"]

default_test_patterns := [
	"src/test/**", "**/src/test/**", "test/**", "tests/**", "**/__tests__/**",
	"*Test.java", "*Tests.java", "*IT.java", "*TestCase.java",
	"*.test.js", "*.test.ts", "*.spec.js", "*.spec.ts", "test_*.py", "*_test.py", "*_test.go",
]

is_test_path(path) if {
	some pattern in setting(cfg_tests, "test_patterns", default_test_patterns)
	path_matches(pattern, path)
}

is_source_path(path) if {
	some pattern in setting(cfg_tests, "source_patterns", default_source_patterns)
	path_matches(pattern, path)
	not is_test_path(path)
}

touches_source if {
	some f in input.change.files
	f.status != "removed"
	is_source_path(f.path)
}

touches_test if {
	some f in input.change.files
	is_test_path(f.path)
}

warn contains msg if {
	action in change_actions
	touches_source
	not touches_test
	msg := "the change touches source code but no test (rule: source_without_test; data: acs.tests.source_patterns, acs.tests.test_patterns)"
}

default integrity := {}

integrity := input.change.test_integrity if is_object(input.change.test_integrity)

# A count from the test-integrity signals; a missing or non-numeric count is 0.
signal(name) := value if {
	value := integrity[name]
	is_number(value)
} else := 0

deny contains msg if {
	action in change_actions
	n := signal("tests_deleted")
	limit := setting(cfg_test_integrity, "max_tests_deleted", 0)
	n > limit
	msg := concat("", [
		"the change deletes ", json.marshal(n), " test(s); at most ", json.marshal(limit),
		" may be deleted (rule: tests_deleted; data: acs.test_integrity.max_tests_deleted)",
	])
}

deny contains msg if {
	action in change_actions
	n := signal("test_files_deleted")
	limit := setting(cfg_test_integrity, "max_test_files_deleted", 0)
	n > limit
	msg := concat("", [
		"the change deletes ", json.marshal(n), " test file(s); at most ", json.marshal(limit),
		" may be deleted (rule: test_files_deleted; data: acs.test_integrity.max_test_files_deleted)",
	])
}

deny contains msg if {
	action in change_actions
	n := signal("assertions_removed")
	limit := setting(cfg_test_integrity, "max_assertions_removed", 0)
	n > limit
	msg := concat("", [
		"the change removes ", json.marshal(n), " assertion(s) from tests; at most ", json.marshal(limit),
		" may be removed (rule: assertions_removed; data: acs.test_integrity.max_assertions_removed)",
	])
}

deny contains msg if {
	action in change_actions
	n := signal("skips_added")
	limit := setting(cfg_test_integrity, "max_skips_added", 0)
	n > limit
	msg := concat("", [
		"the change disables or skips tests in ", json.marshal(n), " place(s); at most ", json.marshal(limit),
		" are allowed (rule: skips_added; data: acs.test_integrity.max_skips_added)",
	])
}

deny contains msg if {
	action in change_actions
	integrity.ci_config_changed == true
	setting(cfg_test_integrity, "allow_ci_config_changed", false) != true
	msg := "the change modifies CI configuration (rule: ci_config_changed; data: acs.test_integrity.allow_ci_config_changed)"
}

deny contains msg if {
	action in change_actions
	integrity.test_config_changed == true
	setting(cfg_test_integrity, "allow_test_config_changed", false) != true
	msg := "the change modifies test configuration such as surefire, failsafe, jest or pytest settings (rule: test_config_changed; data: acs.test_integrity.allow_test_config_changed)"
}

# ---------------------------------------------------------------------------------------------
# Plans: when a person must approve first
# ---------------------------------------------------------------------------------------------

plan_files contains path if {
	action == "plan"
	some path in input.plan.files
	is_string(path)
}

approval_reasons contains msg if {
	n := count(plan_files)
	limit := setting(cfg_plan, "approval_files", 10)
	n > limit
	msg := concat("", [
		"approval needed: the plan touches ", json.marshal(n), " files, more than ", json.marshal(limit),
		" (rule: plan_approval_files; data: acs.plan.approval_files)",
	])
}

approval_reasons contains msg if {
	some path in plan_files
	is_sensitive(path)
	msg := concat("", ["approval needed: the plan touches ", path, ", a protected path (rule: plan_sensitive_path; data: acs.paths)"])
}

approval_reasons contains msg if {
	action == "plan"
	setting(cfg_plan, "always_require_approval", false) != false
	msg := "approval needed: every plan needs approval (rule: plan_always_approval; data: acs.plan.always_require_approval)"
}

is_sensitive(path) if is_workflow(path)

is_sensitive(path) if is_secret_like(path)

is_sensitive(path) if is_protected(path)

is_sensitive(path) if is_repo_protected(path)

# Approval reasons are also shown as warnings, so the comment says why a person must approve.
warn contains msg if {
	some msg in approval_reasons
}
