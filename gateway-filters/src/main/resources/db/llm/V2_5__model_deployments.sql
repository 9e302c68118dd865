-- Deployments added at run time (/model/new), LiteLLM's ProxyModelTable. litellm_params and model_info are the
-- JSON the client sent (os.environ/NAME references kept as written and resolved by each instance when it loads them).
-- Every instance polls this table and applies changes without a restart.

CREATE TABLE llm_model_deployment (
	model_id VARCHAR(256) PRIMARY KEY,
	model_name VARCHAR(512) NOT NULL,
	litellm_params VARCHAR NOT NULL,
	model_info VARCHAR,
	created_at TIMESTAMP WITH TIME ZONE NOT NULL,
	updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
