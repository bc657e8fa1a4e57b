using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Nn.Dense;
using SimdNn.Cli.Serve;

namespace Cli.Tests;

/// <summary>
/// The binary /predict data path (taking the body from the request pipe, checking it, Predict into a
/// pooled buffer, writing the reply) run in this process on the served code itself (linked from
/// cli/Serve), so the bytes it allocates can be counted on this thread: none once warm.
/// </summary>
public class ServeAllocationTests
{
    private const int Requests = 200;

    [Theory]
    [InlineData(1, false)]
    [InlineData(64, false)]
    [InlineData(64, true)]
    public void The_binary_path_allocates_nothing_per_request(int batch, bool split)
    {
        var network = new Network(new DenseLayer(32, 64, Activation.Relu), new DenseLayer(64, 10, Activation.Softmax));
        network.Initialize(1);
        var model = new TestModel(network);
        var limits = new RequestLimits(maxBatch: 64, inputs: 32);
        byte[] body = MemoryMarshal.AsBytes(ServeServer.Rows(batch, 32, seed: 1).AsSpan()).ToArray();
        // A body Kestrel received in two reads sits in two buffers: the path that copies it out.
        var sequence = split ? Segments.Of(body, body.Length / 3) : new ReadOnlySequence<byte>(body);
        var reply = new ArrayBufferWriter<byte>(batch * 10 * sizeof(float));
        var readers = new Queue<PipeReader>(Enumerable.Range(0, 7 * Requests).Select(_ => PipeReader.Create(sequence)));
        void Serve()
        {
            for (int i = 0; i < Requests; i++)
            {
                var reader = readers.Dequeue();
                Assert.True(RequestBody.TryTakeWhole(reader, limits.BinaryBytes, limits.BinaryRule, out var whole));
                reply.ResetWrittenCount();
                BinaryRows.Run(model, whole, BinaryRows.Batch(model, whole.Length), reply);
                reader.AdvanceTo(whole.End);
            }
        }

        Serve();
        Assert.Equal(ServeServer.Predicted(network, MemoryMarshal.Cast<byte, float>(body).ToArray()), reply.WrittenSpan.ToArray());
        Assert.Equal(0, Allocations.FewestPerRun(Serve));
    }

    private sealed class TestModel(Network network) : ServedModel
    {
        public override int Inputs => network.InputSize;

        public override int Outputs => network.OutputSize;

        public override IReadOnlyList<string>? Labels => null;

        public override ModelInfo Info => throw new NotSupportedException();

        public override void Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs) => network.Predict(inputs, batch, outputs);
    }

    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> memory, long start)
        {
            Memory = memory;
            RunningIndex = start;
        }

        public static ReadOnlySequence<byte> Of(byte[] bytes, int split)
        {
            var first = new Segments(bytes.AsMemory(0, split), 0);
            var second = new Segments(bytes.AsMemory(split), split);
            first.Next = second;
            return new ReadOnlySequence<byte>(first, 0, second, second.Memory.Length);
        }
    }
}
