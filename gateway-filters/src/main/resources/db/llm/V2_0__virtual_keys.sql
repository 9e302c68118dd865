-- Virtual keys, teams and users (LiteLLM's VerificationToken / TeamTable / UserTable, trimmed).
-- Runs on H2 (MODE=PostgreSQL) and PostgreSQL. List and map columns hold JSON text.
-- A key is stored only as the SHA-256 hex of the key: the clear key is shown once by /key/generate.

CREATE TABLE llm_team (
	team_id VARCHAR(128) PRIMARY KEY,
	team_alias VARCHAR(256),
	models VARCHAR,
	max_budget NUMERIC(20, 8),
	soft_budget NUMERIC(20, 8),
	budget_duration VARCHAR(16),
	tpm_limit BIGINT,
	rpm_limit BIGINT,
	max_parallel_requests INTEGER,
	model_tpm_limit VARCHAR,
	model_rpm_limit VARCHAR,
	metadata VARCHAR,
	blocked BOOLEAN NOT NULL DEFAULT FALSE,
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE llm_user (
	user_id VARCHAR(128) PRIMARY KEY,
	user_email VARCHAR(256),
	user_role VARCHAR(64),
	teams VARCHAR,
	models VARCHAR,
	max_budget NUMERIC(20, 8),
	soft_budget NUMERIC(20, 8),
	budget_duration VARCHAR(16),
	tpm_limit BIGINT,
	rpm_limit BIGINT,
	max_parallel_requests INTEGER,
	metadata VARCHAR,
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE llm_key (
	token VARCHAR(64) PRIMARY KEY,
	key_name VARCHAR(64) NOT NULL,
	key_alias VARCHAR(256),
	models VARCHAR,
	max_budget NUMERIC(20, 8),
	soft_budget NUMERIC(20, 8),
	budget_duration VARCHAR(16),
	tpm_limit BIGINT,
	rpm_limit BIGINT,
	max_parallel_requests INTEGER,
	model_tpm_limit VARCHAR,
	model_rpm_limit VARCHAR,
	team_id VARCHAR(128),
	user_id VARCHAR(128),
	expires_at TIMESTAMP WITH TIME ZONE,
	metadata VARCHAR,
	blocked BOOLEAN NOT NULL DEFAULT FALSE,
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE UNIQUE INDEX llm_key_alias_idx ON llm_key (key_alias);
CREATE INDEX llm_key_team_idx ON llm_key (team_id);
CREATE INDEX llm_key_user_idx ON llm_key (user_id);
