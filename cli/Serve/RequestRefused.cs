using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SimdNn.Cli.Serve;

/// <summary>
/// A request /predict will not run, with the status that says why: 400 for a body that is not rows
/// of this model's width of finite numbers, 413 for one over the limits, 415 for a content type
/// other than JSON or float32 rows. Thrown where the problem is found and answered as
/// <c>{"error": "..."}</c>; never a 500.
/// </summary>
internal sealed class RequestRefused(int statusCode, string message) : Exception(message)
{
    /// <summary>
    /// Quotes and non-ASCII characters (×) as they are, not as \u0022: a JSON reply read by a
    /// program or a person, never pasted into HTML.
    /// </summary>
    public static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The HTTP status of the reply.</summary>
    public int StatusCode { get; } = statusCode;

    public static RequestRefused BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static RequestRefused TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, message);

    public static RequestRefused UnsupportedType(string message) => new(StatusCodes.Status415UnsupportedMediaType, message);

    /// <summary>Writes the status and <c>{"error": message}</c>; a reply already under way cannot change its status, so the connection is dropped instead.</summary>
    public static Task Reply(HttpContext context, int statusCode, string message)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        response.StatusCode = statusCode;
        // The binary path sets the length of its reply before a NaN in the last row is found.
        response.ContentLength = null;
        // A body refused for its size is left unread: closing is cheaper than draining it, and
        // tells the client not to send its next request on this connection.
        if (statusCode == StatusCodes.Status413PayloadTooLarge) response.Headers.Connection = "close";
        response.ContentType = "application/json; charset=utf-8";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, Relaxed))
        {
            JsonSerializer.Serialize(writer, new ErrorReply(message), ServeJsonContext.Default.ErrorReply);
        }

        return Task.CompletedTask;
    }
}
