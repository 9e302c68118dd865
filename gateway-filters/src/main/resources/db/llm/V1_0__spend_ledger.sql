-- The spend ledger: one row per LLM request, written in batches by the spend filter's ledger writer.
-- Money is exact NUMERIC (USD), never floating point. Runs on PostgreSQL and on H2 in PostgreSQL mode.
CREATE TABLE llm_spend_log (
	request_id          VARCHAR(64)     NOT NULL PRIMARY KEY,
	started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
	spend_day           DATE            NOT NULL,
	duration_ms         BIGINT          NOT NULL,
	ttft_ms             BIGINT,
	key_id              VARCHAR(128),
	key_alias           VARCHAR(256),
	user_id             VARCHAR(256),
	team_id             VARCHAR(256),
	end_user            VARCHAR(256),
	model_alias         VARCHAR(256),
	deployment_id       VARCHAR(256),
	provider            VARCHAR(64),
	model               VARCHAR(256),
	route_id            VARCHAR(256),
	client_protocol     VARCHAR(32),
	stream              BOOLEAN         NOT NULL,
	input_tokens        BIGINT          NOT NULL,
	output_tokens       BIGINT          NOT NULL,
	cache_read_tokens   BIGINT          NOT NULL,
	cache_write_tokens  BIGINT          NOT NULL,
	reasoning_tokens    BIGINT          NOT NULL,
	usage_estimated     BOOLEAN         NOT NULL,
	cost                NUMERIC(30, 15) NOT NULL,
	cache_hit           BOOLEAN         NOT NULL,
	cache_saving        NUMERIC(30, 15),
	status              INTEGER         NOT NULL,
	outcome             VARCHAR(16)     NOT NULL,
	error_type          VARCHAR(64),
	attempts            INTEGER         NOT NULL,
	price_source        VARCHAR(16)     NOT NULL,
	price_key           VARCHAR(256),
	price_version       VARCHAR(64),
	request_body        TEXT,
	response_body       TEXT
);

CREATE INDEX llm_spend_log_started_idx ON llm_spend_log (started_at);
CREATE INDEX llm_spend_log_day_idx ON llm_spend_log (spend_day);
CREATE INDEX llm_spend_log_key_idx ON llm_spend_log (key_id, spend_day);
CREATE INDEX llm_spend_log_team_idx ON llm_spend_log (team_id, spend_day);
CREATE INDEX llm_spend_log_user_idx ON llm_spend_log (user_id, spend_day);
