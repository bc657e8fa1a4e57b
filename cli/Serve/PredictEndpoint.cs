using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace SimdNn.Cli.Serve;

/// <summary>
/// POST /predict: JSON rows or float32 rows in, outputs out, on the request's own thread (Predict
/// is thread-safe, and a hop to another thread would only add latency). The model is read once per
/// request, so a hot reload never mixes two models in one reply and requests in flight finish on
/// the model they started with. Every refusal is a 4xx with <c>{"error": "..."}</c>.
/// </summary>
internal sealed class PredictEndpoint(Func<ServedModel> current, RequestLimits limits)
{
    private enum BodyKind
    {
        Json,
        Binary,
    }

    /// <summary>The request delegate; completes synchronously whenever the whole body came with the headers.</summary>
    public Task Handle(HttpContext context)
    {
        var model = current();
        var request = context.Request;
        BodyKind kind;
        try
        {
            kind = KindOf(request.ContentType);
            var (limit, rule) = kind == BodyKind.Binary ? (limits.BinaryBytes, limits.BinaryRule) : (limits.JsonBytes, limits.JsonRule);
            RequestBody.RequireDeclaredWithin(request.ContentLength, limit, rule);
            if (!RequestBody.TryTakeWhole(request.BodyReader, limit, rule, out var body)) return HandleAsync(context, model, kind, limit, rule);
            Reply(context, model, kind, body);
            return Task.CompletedTask;
        }
        catch (RequestRefused refused)
        {
            return RequestRefused.Reply(context, refused.StatusCode, refused.Message);
        }
        catch (BadHttpRequestException bad)
        {
            // Kestrel's own refusals of a body (bad chunking, over its size limit) keep their status.
            return RequestRefused.Reply(context, bad.StatusCode, bad.Message);
        }
    }

    private async Task HandleAsync(HttpContext context, ServedModel model, BodyKind kind, long limit, string rule)
    {
        try
        {
            var body = await RequestBody.TakeWholeAsync(context.Request.BodyReader, limit, rule, context.RequestAborted).ConfigureAwait(false);
            Reply(context, model, kind, body);
        }
        catch (RequestRefused refused)
        {
            await RequestRefused.Reply(context, refused.StatusCode, refused.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException bad)
        {
            await RequestRefused.Reply(context, bad.StatusCode, bad.Message).ConfigureAwait(false);
        }
    }

    /// <summary>Answers a whole body and hands its bytes back to Kestrel, whatever happens.</summary>
    private void Reply(HttpContext context, ServedModel model, BodyKind kind, ReadOnlySequence<byte> body)
    {
        try
        {
            if (kind == BodyKind.Binary) ReplyBinary(context.Response, model, body);
            else ReplyJson(context.Response, model, body);
        }
        finally
        {
            context.Request.BodyReader.AdvanceTo(body.End);
        }
    }

    private static void ReplyBinary(HttpResponse response, ServedModel model, ReadOnlySequence<byte> body)
    {
        int batch = BinaryRows.Batch(model, body.Length);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = BinaryRows.ContentType;
        response.ContentLength = (long)batch * model.Outputs * sizeof(float);
        BinaryRows.Run(model, body, batch, response.BodyWriter);
    }

    private void ReplyJson(HttpResponse response, ServedModel model, ReadOnlySequence<byte> body)
    {
        float[] inputs = ArrayPool<float>.Shared.Rent(JsonRowsReader.Capacity(body.Length, limits));
        float[]? outputs = null;
        try
        {
            int batch = JsonRowsReader.Read(body, limits, inputs);
            outputs = ArrayPool<float>.Shared.Rent(batch * model.Outputs);
            var values = outputs.AsSpan(0, batch * model.Outputs);
            model.Predict(inputs.AsSpan(0, batch * model.Inputs), batch, values);
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = JsonRowsWriter.ContentType;
            JsonRowsWriter.Write(response.BodyWriter, values, batch, model.Outputs, model.Labels);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(inputs);
            if (outputs is not null) ArrayPool<float>.Shared.Return(outputs);
        }
    }

    /// <summary>
    /// JSON (application/json, text/json, any +json, or no Content-Type at all, from a client that
    /// sends none) or float32 rows (application/octet-stream); parameters such as charset are ignored.
    /// curl's -d sends application/x-www-form-urlencoded: refused, with the header to send instead.
    /// </summary>
    /// <exception cref="RequestRefused">415 for any other type.</exception>
    private static BodyKind KindOf(string? contentType)
    {
        var media = contentType.AsSpan();
        int semicolon = media.IndexOf(';');
        if (semicolon >= 0) media = media[..semicolon];
        media = media.Trim();
        if (media.IsEmpty || media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return BodyKind.Json;
        }

        if (media.Equals(BinaryRows.ContentType, StringComparison.OrdinalIgnoreCase)) return BodyKind.Binary;
        throw RequestRefused.UnsupportedType(
            $"Content-Type {contentType} is not supported; send application/json ({{\"inputs\": [[...]]}}) or application/octet-stream (float32 little-endian rows)");
    }
}
