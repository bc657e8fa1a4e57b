using Nn.Dense.Onnx;

namespace Nn.Dense;

/// <summary>
/// Reads an ONNX model of a feed-forward chain of fully connected layers (what
/// <c>torch.onnx.export</c> produces for an nn.Sequential of nn.Linear and activation
/// modules, and what <see cref="OnnxExport"/> writes) into a <see cref="Network"/>.
/// </summary>
/// <remarks>
/// <para>Accepted, node by node along a single chain from the one graph input to the one graph output:</para>
/// <list type="bullet">
/// <item><c>Gemm(A, B, C)</c> with alpha = beta = 1, transA = 0, transB = 0 (B is [in × out]) or 1
/// (B is [out × in]); C (optional) is [out], [1 × out] or a single value broadcast.</item>
/// <item><c>MatMul(A, W)</c> with W [in × out], optionally followed by <c>Add</c> of the bias
/// (initializer as either operand); W is transposed to the [out × in] layout.</item>
/// <item><c>Relu</c>, <c>Sigmoid</c>, <c>Tanh</c>, <c>LeakyRelu</c> (alpha, default 0.01),
/// <c>Softmax</c> (axis −1 or 1, i.e. the last axis of the batch × features tensor; last layer
/// only), each directly after a linear layer.</item>
/// <item><c>Flatten</c> (axis 1) before the first linear layer; <c>Identity</c> anywhere;
/// <c>Constant</c> nodes (attribute value) as a source of weights; <c>Transpose</c> (perm [1, 0]) of a
/// constant weight, folded at load (older exports spell a bias-free nn.Linear as Transpose + MatMul);
/// the opset-6 Gemm attribute broadcast = 1.</item>
/// <item>Initializers of type FLOAT in raw_data or float_data.</item>
/// </list>
/// <para>Two kinds of refusal, both with a message naming the node (or tensor) and why:</para>
/// <list type="bullet">
/// <item><see cref="InvalidDataException"/>: the bytes are not a well-formed ONNX protobuf
/// (corrupt, truncated, wrong wire types, lengths beyond the data), or the model contradicts
/// itself (tensor data that does not match its dims, weight shapes that do not chain, an
/// attribute of the wrong type, a missing graph or opset). Every length is checked against the
/// bytes present before allocating, so hostile input cannot cause a huge allocation.</item>
/// <item><see cref="NotSupportedException"/>: a valid model outside this subset (another
/// operator, an unsupported attribute value, a non-float type, external data, several inputs or
/// outputs, a graph that branches or is not a single chain).</item>
/// </list>
/// <para>The protobuf is read by a hand-written reader of the needed subset (see <see cref="OnnxExport"/> for why).</para>
/// </remarks>
public static class OnnxImport
{
    /// <summary>Reads an ONNX model from <paramref name="stream"/> (to its end).</summary>
    /// <exception cref="ArgumentNullException">stream is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable.</exception>
    /// <exception cref="InvalidDataException">Corrupt or self-contradicting model (see remarks on the class).</exception>
    /// <exception cref="NotSupportedException">A valid model outside the supported subset.</exception>
    public static Network Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream is not readable.", nameof(stream));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return FromBytes(copy.GetBuffer().AsSpan(0, (int)copy.Length));
    }

    /// <summary>Reads an ONNX model file.</summary>
    /// <exception cref="ArgumentNullException">path is null.</exception>
    /// <exception cref="ArgumentException">path is empty.</exception>
    /// <exception cref="IOException">The file cannot be read (e.g. <see cref="FileNotFoundException"/>).</exception>
    /// <exception cref="InvalidDataException">Corrupt or self-contradicting model (see remarks on the class).</exception>
    /// <exception cref="NotSupportedException">A valid model outside the supported subset.</exception>
    public static Network Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromBytes(File.ReadAllBytes(path));
    }

    internal static Network FromBytes(ReadOnlySpan<byte> bytes)
    {
        var model = OnnxModelProto.Parse(bytes);
        return new ChainBuilder(model).Build();
    }

    /// <summary>Walks the node list once, keeping the single live value and the layers so far.</summary>
    private sealed class ChainBuilder
    {
        private readonly OnnxGraphProto graph;
        private readonly Dictionary<string, OnnxTensorProto> constants = new(StringComparer.Ordinal);
        private readonly List<LayerParts> layers = [];
        private readonly long opset;
        private string current = "";
        private long? width;          // features of the live value when known
        private bool awaitingBias;    // the last layer came from a MatMul whose Add may follow
        private int inputRank = 2;    // declared rank of the graph input, until Flatten makes it 2

        public ChainBuilder(OnnxModelProto model)
        {
            graph = model.Graph ?? throw new InvalidDataException("The ONNX model has no graph.");
            opset = -1;
            foreach (var (domain, version) in model.OpsetImports)
            {
                if (domain is "" or "ai.onnx") opset = version;
            }
        }

        public Network Build()
        {
            if (opset < 1) throw new InvalidDataException("The ONNX model declares no opset for the default (ai.onnx) domain.");
            if (graph.SparseInitializerCount > 0) throw new NotSupportedException("The ONNX graph has sparse initializers, which are not supported.");
            foreach (var tensor in graph.Initializers)
            {
                if (!constants.TryAdd(tensor.Name, tensor)) throw new InvalidDataException($"Initializer '{tensor.Name}' is defined twice.");
            }

            // Before IR version 4, initializers are listed among the graph inputs too.
            var inputs = graph.Inputs.Where(i => !constants.ContainsKey(i.Name)).ToList();
            if (inputs.Count != 1) throw new NotSupportedException($"The graph has {inputs.Count} inputs besides initializers; a dense chain has exactly one.");
            if (graph.Outputs.Count != 1) throw new NotSupportedException($"The graph has {graph.Outputs.Count} outputs; a dense chain has exactly one.");
            var input = inputs[0];
            var output = graph.Outputs[0];
            RequireFloatValue(input, "input");
            RequireFloatValue(output, "output");
            current = input.Name;
            width = InputWidth(input, flattened: false);
            if (input.HasShape) inputRank = input.Shape.Count;

            foreach (var node in graph.Nodes) Visit(node, input);

            if (layers.Count == 0) throw new NotSupportedException("The graph has no Gemm or MatMul node: there is no linear layer to import.");
            if (current != output.Name)
            {
                throw new NotSupportedException($"The graph output '{output.Name}' is not the end of the node chain (the chain ends in '{current}').");
            }

            int outputs = layers[^1].Outputs;
            if (output.HasShape && output.Shape.Count == 2 && output.Shape[1] is { } declared && declared != outputs)
            {
                throw new InvalidDataException($"The graph output '{output.Name}' declares {declared} features but the last layer gives {outputs}.");
            }

            return new Network(layers.Select(p => p.ToLayer()).ToArray());
        }

        private void Visit(OnnxNodeProto node, OnnxValueInfoProto input)
        {
            string where = $"Node {node.Describe()}";
            if (node.Domain is not ("" or "ai.onnx")) throw new NotSupportedException($"{where}: operator domain '{node.Domain}' is not supported.");
            if (node.Outputs.Count != 1 || node.Outputs[0].Length == 0)
            {
                throw new NotSupportedException($"{where}: has {node.Outputs.Count} outputs; only single-output nodes form a chain.");
            }

            if (node.OpType == "Constant")
            {
                VisitConstant(node, where);
                return;
            }

            if (node.OpType == "Transpose" && node.Inputs.Count == 1 && constants.ContainsKey(node.Inputs[0]))
            {
                VisitWeightTranspose(node, where);
                return;
            }

            var dataInputs = node.Inputs.Where(n => n.Length > 0 && !constants.ContainsKey(n)).ToList();
            if (dataInputs.Count != 1 || dataInputs[0] != current)
            {
                string read = string.Join(", ", dataInputs.Select(n => $"'{n}'"));
                throw new NotSupportedException(
                    $"{where}: reads [{read}], but a single chain needs exactly the previous value '{current}': the graph branches or is not a chain.");
            }

            switch (node.OpType)
            {
                case "Identity":
                    RequireNoAttributes(node, where);
                    break;
                case "Flatten":
                    VisitFlatten(node, where, input);
                    break;
                case "Gemm":
                    VisitGemm(node, where);
                    break;
                case "MatMul":
                    VisitMatMul(node, where);
                    break;
                case "Add":
                    VisitAdd(node, where);
                    break;
                case "Relu" or "Sigmoid" or "Tanh" or "LeakyRelu" or "Softmax":
                    VisitActivation(node, where);
                    break;
                default:
                    throw new NotSupportedException($"{where}: operator '{node.OpType}' is not supported (a dense chain has Gemm, MatMul, Add, Relu, Sigmoid, Tanh, LeakyRelu, Softmax, Flatten, Identity).");
            }

            current = node.Outputs[0];
        }

        private void VisitConstant(OnnxNodeProto node, string where)
        {
            if (node.Inputs.Count != 0) throw new InvalidDataException($"{where}: a Constant node has no inputs.");
            if (node.Attributes.Count != 1 || node.Attributes[0].Name != "value" || node.Attributes[0].Tensor is null)
            {
                throw new NotSupportedException($"{where}: only Constant nodes with a tensor 'value' attribute are supported.");
            }

            if (!constants.TryAdd(node.Outputs[0], node.Attributes[0].Tensor!)) throw new InvalidDataException($"{where}: value '{node.Outputs[0]}' is defined twice.");
        }

        /// <summary>
        /// Folds Transpose(perm = [1, 0]) of a constant rank-2 weight into a new constant: older
        /// torch.onnx exports spell nn.Linear without bias as Transpose(W) then MatMul.
        /// </summary>
        private void VisitWeightTranspose(OnnxNodeProto node, string where)
        {
            foreach (var attribute in node.Attributes)
            {
                if (attribute.Name != "perm") throw UnsupportedAttribute(where, attribute);
                if (attribute.Type is not (OnnxAttributeType.Ints or OnnxAttributeType.Undefined) || attribute.Ints is not [1, 0])
                {
                    throw new NotSupportedException($"{where}: only Transpose with perm [1, 0] of a rank-2 weight is supported.");
                }
            }

            var tensor = Parameter(node.Inputs[0], where, "input");
            var (inputs, outputs, weights) = Matrix(tensor, transposed: false, where);

            // Matrix gives Wᵀ of the stored [rows × cols] tensor, i.e. exactly the transposed tensor.
            var transposed = OnnxTensorProto.FromFloats(node.Outputs[0], weights, outputs, inputs);
            if (!constants.TryAdd(node.Outputs[0], transposed)) throw new InvalidDataException($"{where}: value '{node.Outputs[0]}' is defined twice.");
        }

        private void VisitFlatten(OnnxNodeProto node, string where, OnnxValueInfoProto input)
        {
            if (layers.Count > 0) throw new NotSupportedException($"{where}: Flatten is supported only before the first linear layer.");
            long axis = 1;
            foreach (var attribute in node.Attributes)
            {
                if (attribute.Name != "axis") throw UnsupportedAttribute(where, attribute);
                axis = IntAttribute(attribute, where);
            }

            if (axis != 1) throw new NotSupportedException($"{where}: Flatten axis {axis} is not supported (only 1: keep the batch, flatten the rest).");
            width = InputWidth(input, flattened: true);
            inputRank = 2;
        }

        private void VisitGemm(OnnxNodeProto node, string where)
        {
            float alpha = 1, beta = 1;
            long transA = 0, transB = 0;
            foreach (var attribute in node.Attributes)
            {
                switch (attribute.Name)
                {
                    case "alpha": alpha = FloatAttribute(attribute, where); break;
                    case "beta": beta = FloatAttribute(attribute, where); break;
                    case "transA": transA = IntAttribute(attribute, where); break;
                    case "transB": transB = IntAttribute(attribute, where); break;
                    case "broadcast" when opset < 7:
                        // Opset 6 and older: broadcast = 1 allows C of shape [out] (what later opsets always allow).
                        if (IntAttribute(attribute, where) != 1) throw new NotSupportedException($"{where}: Gemm with broadcast = 0 is not supported.");
                        break;
                    default: throw UnsupportedAttribute(where, attribute);
                }
            }

            if (node.Inputs.Count is < 2 or > 3) throw new InvalidDataException($"{where}: Gemm takes 2 or 3 inputs, not {node.Inputs.Count}.");
            if (node.Inputs[0] != current) throw new NotSupportedException($"{where}: the data must be Gemm's first operand A.");
            if (alpha != 1 || beta != 1) throw new NotSupportedException($"{where}: Gemm with alpha = {alpha}, beta = {beta} is not supported (only 1 and 1).");
            if (transA != 0) throw new NotSupportedException($"{where}: Gemm with transA = {transA} is not supported (the batch is the rows of A).");
            if (transB is not (0 or 1)) throw new InvalidDataException($"{where}: Gemm transB = {transB}; it must be 0 or 1.");

            var b = Parameter(node.Inputs[1], where, "B");
            var (inputs, outputs, weights) = Matrix(b, transposed: transB == 1, where);
            var layer = NewLayer(inputs, outputs, weights, where);
            if (node.Inputs.Count == 3 && node.Inputs[2].Length > 0) layer.Biases = Bias(Parameter(node.Inputs[2], where, "C"), outputs, where);
            awaitingBias = false;
        }

        private void VisitMatMul(OnnxNodeProto node, string where)
        {
            RequireNoAttributes(node, where);
            if (node.Inputs.Count != 2) throw new InvalidDataException($"{where}: MatMul takes 2 inputs, not {node.Inputs.Count}.");
            if (node.Inputs[0] != current) throw new NotSupportedException($"{where}: the data must be MatMul's first operand (x·W).");
            var w = Parameter(node.Inputs[1], where, "W");
            var (inputs, outputs, weights) = Matrix(w, transposed: false, where);
            NewLayer(inputs, outputs, weights, where);
            awaitingBias = true;
        }

        private void VisitAdd(OnnxNodeProto node, string where)
        {
            RequireNoAttributes(node, where);
            if (!awaitingBias) throw new NotSupportedException($"{where}: Add is supported only as the bias directly after a MatMul.");
            if (node.Inputs.Count != 2) throw new InvalidDataException($"{where}: Add takes 2 inputs, not {node.Inputs.Count}.");
            string biasName = node.Inputs[0] == current ? node.Inputs[1] : node.Inputs[0];
            var layer = layers[^1];
            layer.Biases = Bias(Parameter(biasName, where, "bias"), layer.Outputs, where);
            awaitingBias = false;
        }

        private void VisitActivation(OnnxNodeProto node, string where)
        {
            if (layers.Count == 0 || layers[^1].Activation is not null)
            {
                throw new NotSupportedException($"{where}: an activation is supported only directly after a linear layer (Gemm, or MatMul + Add).");
            }

            var layer = layers[^1];
            awaitingBias = false;
            switch (node.OpType)
            {
                case "Relu": RequireNoAttributes(node, where); layer.Activation = Dense.Activation.Relu; break;
                case "Sigmoid": RequireNoAttributes(node, where); layer.Activation = Dense.Activation.Sigmoid; break;
                case "Tanh": RequireNoAttributes(node, where); layer.Activation = Dense.Activation.Tanh; break;
                case "LeakyRelu":
                    layer.NegativeSlope = 0.01f;
                    foreach (var attribute in node.Attributes)
                    {
                        if (attribute.Name != "alpha") throw UnsupportedAttribute(where, attribute);
                        layer.NegativeSlope = FloatAttribute(attribute, where);
                    }

                    layer.Activation = Dense.Activation.LeakyRelu;
                    break;
                default:
                    // Opset 13 made the default axis −1; before it, 1 (flatten from axis 1). For the
                    // rank-2 batch × features tensor of a dense chain both mean the last axis.
                    long axis = opset >= 13 ? -1 : 1;
                    foreach (var attribute in node.Attributes)
                    {
                        if (attribute.Name != "axis") throw UnsupportedAttribute(where, attribute);
                        axis = IntAttribute(attribute, where);
                    }

                    if (axis is not (-1 or 1)) throw new NotSupportedException($"{where}: Softmax over axis {axis} is not supported (only the feature axis, -1 or 1).");
                    layer.Activation = Dense.Activation.Softmax;
                    break;
            }
        }

        private LayerParts NewLayer(long inputs, long outputs, float[] weights, string where)
        {
            if (layers.Count == 0 && inputRank != 2)
            {
                throw new NotSupportedException(
                    $"{where}: the graph input has rank {inputRank}; a dense chain takes [batch, features] (or a Flatten with axis 1 first).");
            }

            if (layers.Count > 0 && layers[^1].Activation == Dense.Activation.Softmax)
            {
                throw new NotSupportedException($"{where}: a layer after Softmax is not supported (Softmax only on the last layer).");
            }

            if (width is { } known && known != inputs)
            {
                throw new InvalidDataException($"{where}: the weight takes {inputs} features but the previous value has {known}; shapes do not chain.");
            }

            var layer = new LayerParts((int)inputs, (int)outputs, weights);
            layers.Add(layer);
            width = outputs;
            return layer;
        }

        private OnnxTensorProto Parameter(string name, string where, string role)
        {
            if (!constants.TryGetValue(name, out var tensor))
            {
                throw new NotSupportedException($"{where}: operand {role} '{name}' is not an initializer or Constant; only fixed weights are supported.");
            }

            if (tensor.IsExternal) throw new NotSupportedException($"{where}: tensor '{name}' keeps its data in an external file, which is not supported.");
            if (tensor.DataType != OnnxDataType.Float) throw new NotSupportedException($"{where}: tensor '{name}' has data type {tensor.DataType}; only FLOAT is supported.");
            if (tensor.HasOtherTypedData) throw new InvalidDataException($"{where}: FLOAT tensor '{name}' carries data in a field of another type.");
            return tensor;
        }

        /// <summary>A rank-2 weight as [outputs × inputs] row-major; <paramref name="transposed"/> means stored [out × in].</summary>
        private static (long Inputs, long Outputs, float[] Weights) Matrix(OnnxTensorProto tensor, bool transposed, string where)
        {
            if (tensor.Dims.Count != 2) throw new NotSupportedException($"{where}: weight '{tensor.Name}' has rank {tensor.Dims.Count}; only rank 2 is supported.");
            long rows = tensor.Dims[0], cols = tensor.Dims[1];
            if (rows is < 1 or > int.MaxValue || cols is < 1 or > int.MaxValue)
            {
                throw new InvalidDataException($"{where}: weight '{tensor.Name}' has dims [{rows}, {cols}]; each must be between 1 and {int.MaxValue}.");
            }

            var values = tensor.ToFloats(where);
            if (transposed) return (cols, rows, values);
            var weights = new float[values.Length];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++) weights[c * rows + r] = values[r * cols + c];
            }

            return (rows, cols, weights);
        }

        /// <summary>A bias that broadcasts over the batch: [out], [1 × out], or a single value.</summary>
        private static float[] Bias(OnnxTensorProto tensor, long outputs, string where)
        {
            var values = tensor.ToFloats(where);
            bool leadingOnes = tensor.Dims.Take(Math.Max(0, tensor.Dims.Count - 1)).All(d => d == 1);
            if (tensor.Dims.Count <= 2 && leadingOnes && values.Length == outputs) return values;
            if (tensor.Dims.Count <= 2 && values.Length == 1) return Enumerable.Repeat(values[0], (int)outputs).ToArray();
            throw new InvalidDataException(
                $"{where}: bias '{tensor.Name}' with dims [{string.Join(", ", tensor.Dims)}] does not broadcast to batch × {outputs}.");
        }

        private static long? InputWidth(OnnxValueInfoProto input, bool flattened)
        {
            if (!input.HasShape || input.Shape.Count < 2) return null;
            if (!flattened && input.Shape.Count != 2) return null;
            long product = 1;
            for (int i = 1; i < input.Shape.Count; i++)
            {
                if (input.Shape[i] is not { } dim || dim < 0) return null;
                product = dim != 0 && product > int.MaxValue / dim ? int.MaxValue : product * dim;
            }

            return product;
        }

        private static void RequireFloatValue(OnnxValueInfoProto value, string role)
        {
            if (!value.IsTensor || value.ElementType != OnnxDataType.Float)
            {
                throw new NotSupportedException($"The graph {role} '{value.Name}' is {(value.IsTensor ? value.ElementType.ToString() : "not a tensor")}; only FLOAT tensors are supported.");
            }
        }

        private static void RequireNoAttributes(OnnxNodeProto node, string where)
        {
            if (node.Attributes.Count > 0) throw UnsupportedAttribute(where, node.Attributes[0]);
        }

        private static NotSupportedException UnsupportedAttribute(string where, OnnxAttributeProto attribute) =>
            new($"{where}: attribute '{attribute.Name}' is not supported.");

        private static float FloatAttribute(OnnxAttributeProto attribute, string where)
        {
            if (attribute.Type is not (OnnxAttributeType.Float or OnnxAttributeType.Undefined))
            {
                throw new InvalidDataException($"{where}: attribute '{attribute.Name}' has type {attribute.Type}; FLOAT expected.");
            }

            return attribute.Float;
        }

        private static long IntAttribute(OnnxAttributeProto attribute, string where)
        {
            if (attribute.Type is not (OnnxAttributeType.Int or OnnxAttributeType.Undefined))
            {
                throw new InvalidDataException($"{where}: attribute '{attribute.Name}' has type {attribute.Type}; INT expected.");
            }

            return attribute.Int;
        }
    }

    /// <summary>One layer as it is assembled from one or more nodes.</summary>
    private sealed class LayerParts(int inputs, int outputs, float[] weights)
    {
        public int Inputs { get; } = inputs;
        public int Outputs { get; } = outputs;
        public float[] Biases { get; set; } = new float[outputs];
        public Activation? Activation { get; set; }
        public float NegativeSlope { get; set; } = 0.01f;

        public DenseLayer ToLayer()
        {
            var layer = new DenseLayer(Inputs, Outputs, Activation ?? Dense.Activation.Identity) { NegativeSlope = NegativeSlope };
            layer.CopyWeightsFrom(weights);
            layer.CopyBiasesFrom(Biases);
            return layer;
        }
    }
}
