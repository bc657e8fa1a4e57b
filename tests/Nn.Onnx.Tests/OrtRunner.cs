using Microsoft.ML.OnnxRuntime;

namespace Nn.Onnx.Tests;

/// <summary>Runs a model held in memory on ONNX Runtime's CPU provider (the peer under comparison).</summary>
public static class OrtRunner
{
    public static float[] Run(byte[] model, float[] inputs, params long[] shape)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        string inputName = session.InputMetadata.Keys.Single();
        string outputName = session.OutputMetadata.Keys.Single();
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [inputName], [input], [outputName]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
