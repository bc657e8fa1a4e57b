namespace Nn.Dense.Onnx;

/// <summary>ONNX TensorProto.DataType values used here.</summary>
internal enum OnnxDataType
{
    Undefined = 0,
    Float = 1,
    Uint8 = 2,
    Int8 = 3,
    Uint16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
}
