-- The dashboard issue of each repository that asks for one (`dashboard: true` in .github/acs.yml):
-- its number, so that it is edited in place rather than opened again, and a digest of the body
-- last written, so that an edit that would change nothing is not made.
CREATE TABLE dashboard_issues (
    repo_full_name VARCHAR(200) NOT NULL,
    issue_number   INT          NOT NULL,
    body_sha256    VARCHAR(64),
    written_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_dashboard_issues PRIMARY KEY (repo_full_name)
);
