using System.Runtime.CompilerServices;

// The ONNX tests build PyTorch-shaped graphs and read the conformance TensorProtos with the internal
// protobuf classes (kept here rather than in Nn.Dense.csproj, which belongs to the layer work).
[assembly: InternalsVisibleTo("Nn.Onnx.Tests")]
