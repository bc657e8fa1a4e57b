using Microsoft.ML.OnnxRuntime;

namespace Nn.Onnx.Tests;

public class OnnxRuntimeLoads
{
    [Fact]
    public void The_peer_runtime_is_available_for_comparison()
    {
        Assert.Contains("CPUExecutionProvider", OrtEnv.Instance().GetAvailableProviders());
    }
}
