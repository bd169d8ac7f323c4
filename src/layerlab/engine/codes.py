"""Integer codes shared by the kernels and the Python side, in a module that loads no numba.

The builder and the summary read these to describe networks; only training imports numba.
"""

# Activations (kernels/activations.py)
IDENTITY = 0
STEP = 1
SIGMOID = 2
TANH = 3
RELU = 4
LEAKY_RELU = 5
ELU = 6
SELU = 7
SILU = 8
GELU = 9
GELU_TANH = 10
SOFTPLUS = 11

# Losses and the activation a loss may be fused with (kernels/losses.py)
SOFTMAX_CE = 1
BINARY_CE = 2
MSE = 3
HINGE = 4
PERCEPTRON = 5
FUSED_NONE = 0
FUSED_SOFTMAX = 1
FUSED_SIGMOID = 2

# Optimizers and the indices of their hyper-parameter vector (kernels/optimizers.py)
SGD = 0
MOMENTUM = 1
NESTEROV = 2
ADAGRAD = 3
ADADELTA = 4
RMSPROP = 5
ADAM = 6
ADAMW = 7
H_MOMENTUM = 0
H_BETA1 = 1
H_BETA2 = 2
H_EPS = 3
H_RHO = 4
H_L2 = 5
H_L1 = 6
H_CLIP_NORM = 7
H_CLIP_VALUE = 8
H_WEIGHT_DECAY = 9
N_HYPER = 10

# The op-table interpreter (kernels/program.py): op codes, int row columns, float row columns
OP_DENSE = 1
OP_ACT = 2
OP_SOFTMAX = 3
OP_PRELU = 4
OP_CONV = 5
OP_MAXPOOL = 6
OP_AVGPOOL = 7
OP_DROPOUT = 8
OP_BATCHNORM = 9
OP_LAYERNORM = 10
R_CODE, R_X, R_Y, R_DX, R_DY, R_P0, R_P1, R_P2, R_P3, R_C0, R_C1, R_D = range(12)
ROW_WIDTH = 24
F_ALPHA, F_BETA, F_EPS, F_MOMENTUM, F_RATE = range(5)
FROW_WIDTH = 8
# Loss row: kind, fused activation, z offset (A), dz offset (dA), outputs per sample, last op to
# run backward, the network output's offset (A) and size per sample.
L_KIND, L_FUSED, L_Z, L_DZ, L_K, L_LAST, L_OUT, L_OUT_K = range(8)
LOSS_WIDTH = 8
