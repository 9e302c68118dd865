package io.llmgateway.translate.mapping;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;

/**
 * An {@link UpstreamCodec} put together from a provider's request writer, response reader and stream decoder, with
 * errors mapped by HTTP status ({@link Errors#errorForStatus}); a provider with its own error statuses or types
 * overrides {@link #decodeError}.
 */
public abstract class ComposedUpstreamCodec implements UpstreamCodec {

	private final Protocol protocol;

	private final String provider;

	private final BiFunction<ChatRequest, EncodeOptions, byte[]> writer;

	private final Function<byte[], ChatResponse> reader;

	private final Supplier<StreamDecoder> streams;

	/**
	 * @param provider the provider id errors name
	 * @param writer the request writer ({@code <Provider>RequestWriter::encode})
	 * @param reader the response reader ({@code <Provider>ResponseReader::decode})
	 * @param streams a fresh stream decoder per stream
	 */
	protected ComposedUpstreamCodec(Protocol protocol, String provider,
			BiFunction<ChatRequest, EncodeOptions, byte[]> writer, Function<byte[], ChatResponse> reader,
			Supplier<StreamDecoder> streams) {
		this.protocol = protocol;
		this.provider = provider;
		this.writer = writer;
		this.reader = reader;
		this.streams = streams;
	}

	@Override
	public Protocol protocol() {
		return protocol;
	}

	@Override
	public byte[] encodeRequest(ChatRequest request, EncodeOptions options) {
		return writer.apply(request, options);
	}

	@Override
	public ChatResponse decodeResponse(byte[] body) {
		return reader.apply(body);
	}

	@Override
	public StreamDecoder newStreamDecoder() {
		return streams.get();
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		return Errors.errorForStatus(status, provider, Errors.errorMessage(body));
	}
}
