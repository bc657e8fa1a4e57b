using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SimdNn.Cli.Serve;

/// <summary>
/// The routes: POST /predict, GET /healthz, GET /model, GET /stats. Plain request delegates (no
/// parameter binding), so nothing needs reflection or the request-delegate generator.
/// </summary>
internal static class ServeEndpoints
{
    /// <summary><c>{"status":"ok"}</c>, serialized once: /healthz is also the empty endpoint the allocation test compares /predict with.</summary>
    private static readonly byte[] Healthy = JsonSerializer.SerializeToUtf8Bytes(new HealthReply("ok"), ServeJsonContext.Default.HealthReply);

    public static void Map(IEndpointRouteBuilder routes, Func<ServedModel> current, RequestLimits limits)
    {
        var predict = new PredictEndpoint(current, limits);
        routes.MapPost("/predict", predict.Handle);
        routes.MapGet("/healthz", context =>
        {
            // The server listens only once the model is loaded, and a failed reload keeps the old one: always healthy.
            context.Response.ContentType = JsonRowsWriter.ContentType;
            context.Response.ContentLength = Healthy.Length;
            context.Response.BodyWriter.Write(Healthy);
            return Task.CompletedTask;
        });
        routes.MapGet("/model", context => context.Response.WriteAsJsonAsync(current().Info, ServeJsonContext.Default.ModelInfo));
        routes.MapGet("/stats", context => context.Response.WriteAsJsonAsync(Stats(), ServeJsonContext.Default.StatsReply));
    }

    private static StatsReply Stats() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
        GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration().TotalMilliseconds);
}
