"""The catalogue of mistakes that the checks can name, each with the equation it cites."""

from bpteach.exercises.language import N_

#: Every mistake the checks can name: key -> (what it says, the key of the equation it cites).
#: ``{output}`` is replaced by the output's name.
DIAGNOSES = {
    # products and shapes
    "transposed": (N_("{output} is the transpose of the right result: the factors of the product are "
                   "swapped or transposed (for example δᵀ x instead of xᵀ δ, or W δᵀ instead of δ Wᵀ). "
                   "Check the shapes: xᵀ δ is (n_in, N)(N, n_out) = (n_in, n_out), the shape of W."),
                   "dense-gradients"),
    "x_deltaT": (N_("{output} is x δᵀ, not xᵀ δ: the transpose belongs on x, so that the product sums over "
                 "the N samples (the shape happened to fit because the layer is square)."),
                 "dense-gradients"),
    "delta_xT": (N_("{output} is δ xᵀ, not xᵀ δ: the transpose belongs on x, and x comes first."),
                 "dense-gradients"),
    "elementwise_product": (N_("{output} multiplies entry by entry (*) where a matrix product (@) belongs: "
                            "each entry of the gradient is a sum over the samples (or over the neurons), "
                            "which only a matrix product computes (the shapes only fitted because the "
                            "layer is square)."), "dense-gradients"),
    "W_not_transposed": (N_("{output} uses W where Wᵀ belongs: the error travels back through the weights "
                         "transposed, δ Wᵀ (the shapes only fitted because the layer is square)."),
                         "delta-recursion"),
    "wrong_weight_matrix": (N_("{output} sends δ⁽²⁾ back through W⁽¹⁾, the hidden layer's own weights; the "
                            "recursion uses the weights of the layer above, W⁽²⁾, transposed: "
                            "δ⁽¹⁾ = (δ⁽²⁾ W⁽²⁾ᵀ) ⊙ y⁽¹⁾(1 − y⁽¹⁾)."), "delta-recursion"),
    "shape_only": (N_("{output} holds the right numbers in the wrong shape: return it in the shape that the "
                   "exercise asks for (the expected shape above)."), None),
    "bias_keepdims": (N_("{output} sums the rows with keepdims=True, so it is (1, n_out); the bias b is "
                      "(n_out,), and so is its gradient: sum with axis=0 and no keepdims."),
                      "dense-gradients"),
    # sums over the batch
    "missing_batch_sum": (N_("{output} is missing the sum over the batch: it has one row per sample, but the "
                          "gradient of a parameter is the sum over the samples (sum the rows, axis=0)."),
                          "batch-sum"),
    "per_sample_not_summed": (N_("{output} holds one gradient per sample (an array of N matrices); the "
                              "gradient of the batch is their sum, which xᵀ δ computes in one product."),
                              "batch-sum"),
    "first_sample_only": (N_("{output} is the gradient of the first sample only: the gradient of a batch "
                             "sums "
                          "over all N rows (xᵀ δ, or δ.sum(axis=0) for b)."), "batch-sum"),
    "last_sample_only": (N_("{output} is the gradient of the last sample only: your loop overwrites the "
                         "gradient (=) where it should accumulate (+=), or the sum over the N rows "
                         "is missing."), "batch-sum"),
    "sum_all": (N_("{output} sums every entry of δ into one number; ∂E/∂b sums over the rows only "
                "(axis=0), one sum per neuron."), "dense-gradients"),
    "sum_wrong_axis": (N_("{output} sums over the wrong axis: sum over the rows (the samples, axis=0), "
                       "not over the neurons."), "dense-gradients"),
    "divided_by_batch_size": (N_("{output} is divided by the batch size N: the error E is summed over the "
                              "batch, not averaged, and so is its gradient."), "batch-sum"),
    "times_batch_size": (N_("{output} is multiplied by the batch size N: the sum over the batch is already "
                         "in the product (or the sum); do not scale it."), "batch-sum"),
    "error_not_gradient": (N_("{output} is the error itself, entry by entry, not its derivative: δ is ∂E/∂u, "
                           "the derivative of the error with respect to the output layer's weighted input."),
                           None),
    "summed_over_batch": (N_("{output} is summed over the batch: δ has one row per sample; only the "
                          "gradients of W and b sum over the rows."), None),
    # derivatives
    "derivative_at_u": (N_("{output} applies σ′ to y as if y were u: σ(y)(1 − σ(y)) is the derivative at "
                        "the wrong point. Written with the output, σ′(u) = y (1 − y), with no second σ."),
                        "sigmoid-derivative"),
    "missing_fprime": (N_("{output} is missing f′: the gradient that arrives from above, ∂E/∂y, must be "
                       "multiplied by the activation's derivative to become δ = ∂E/∂u."),
                       "delta-elementwise"),
    "missing_softmax_backward": (N_("{output} is ∂E/∂y = −t/y, the gradient with respect to the output y; "
                                 "δ = ∂E/∂u goes on through the softmax, and then simplifies to y − t."),
                                 "delta-softmax-ce"),
    "softmax_elementwise": (N_("{output} treats the softmax as an element-wise function, y (1 − y); but each "
                            "output of a softmax depends on every input of its row, so δ needs the sum "
                            "over the row."), "delta-softmax"),
    "identity_fprime": (N_("{output} multiplies by y (1 − y), the sigmoid's derivative, at the identity "
                        "output layer, whose f′ is 1: δ = y − t."), "delta-identity-sos"),
    "fprime_one_factor": (N_("{output} multiplies by only one factor of the sigmoid's derivative, y or "
                          "1 − y; f′(u) = y (1 − y) has both."), "sigmoid-derivative"),
    "epoch_fixed_learning_rate": (N_("your function steps with a learning rate of its own (a number written "
                                  "into the code), not the learning_rate it is given."), "sgd-update"),
    "fprime_of_u_formula": (N_("{output} multiplies by u1 (1 − u1): the sigmoid's derivative written with "
                               "the weighted input is σ(u1)(1 − σ(u1)); y1 (1 − y1) is the same thing, "
                               "written with the output y1 = σ(u1)."), "sigmoid-derivative"),
    "fprime_of_output_layer": (N_("{output} multiplies by y (1 − y), with the network's output y; δ1 needs "
                                  "the hidden layer's own derivative, y1 (1 − y1), of its output y1."),
                               "net131-delta1"),
    "tanh_derivative": (N_("{output} uses 1 − y², the derivative of tanh; the sigmoid's is y (1 − y)."),
                        "sigmoid-derivative"),
    "missing_y_factor": (N_("{output} is missing the factor y_k in front of the bracket."), "delta-softmax"),
    "softmax_sum_without_y": (N_("{output} subtracts Σ_j ∂E/∂y_j, the sum of the gradient alone; the sum "
                              "in the bracket is weighted by the outputs, Σ_j ∂E/∂y_j "
                              "y_j."), "delta-softmax"),
    "softmax_y_on_first_term_only": (N_("{output} multiplies only ∂E/∂y_k by y_k; the factor y_k multiplies "
                                     "the whole bracket, the sum included: y_k (∂E/∂y_k − Σ_j ∂E/∂y_j "
                                     "y_j)."), "delta-softmax"),
    "softmax_sum_over_batch": (N_("{output} sums over the batch (axis=0) instead of over each row (axis=-1): "
                               "the sum runs over the outputs j of one sample."), "delta-softmax"),
    "softmax_sum_all": (N_("{output} sums over every entry of the batch (np.sum without axis): the sum runs "
                        "over the outputs j of one sample only, one sum per row (axis=1, keepdims=True)."),
                        "delta-softmax"),
    "softmax_no_keepdims": (N_("{output} sums each row without keepdims=True, so NumPy broadcast the row "
                               "sums "
                            "along the wrong axis (it only fitted because the batch is square); write "
                            "(grad_y * y).sum(axis=-1, keepdims=True)."), "delta-softmax"),
    "forward_output_sigmoid": (N_("{output} comes from a forward pass with a sigmoid at the output; the "
                               "1-3-1 network's output layer is the identity, y = y1 W2 + b2."),
                               "net131-grad-W2"),
    "forward_without_b1": (N_("{output} comes from a forward pass without the bias b1: u1 = x W1 + b1."),
                           "net131-delta1"),
    "forward_without_b2": (N_("{output} comes from a forward pass without the bias b2: the output is "
                              "y = y1 W2 + b2."), "net131-grad-W2"),
    "sigmoid_output_layer": (N_("{output} is the gradient of a network with a sigmoid output layer: a "
                                "sigmoid on the output in the forward pass, y = σ(y1 W2 + b2), and its "
                                "derivative y (1 − y) in δ2. The 1-3-1 network's output layer is the "
                                "identity, whose f′ is 1: y = y1 W2 + b2 and δ2 = y − t."),
                             "net131-grad-W2"),
    "loss_not_gradient": (N_("{output} is a single number, an error of the whole batch (½ Σ (y − t)² or "
                             "−Σ t log y), not its gradient: δ = ∂E/∂u has one entry per output of each "
                             "sample, the shape of y."), None),
    "cross_entropy_gradient": (N_("{output} is −t/y for both pairs: the cross-entropy's gradient with "
                                  "respect to the output y, ∂E/∂y (not even the sum of squares' gradient). "
                                  "δ = ∂E/∂u goes on through the output layer's activation; for both pairs "
                                  "it simplifies to y − t."), "delta-softmax-ce"),
    "integer_dtype": (N_("{output} is an array of integers where the right result has fractions: every "
                         "value put into it was cut to a whole number (an array made with dtype=int, or "
                         ".astype(int)). Make it a float64 array: np.zeros(shape) is one."), None),
    # signs and factors
    "sign_error": (N_("{output} has the wrong sign: everywhere −1 times the right result (for example t − y "
                   "instead of y − t, or a minus sign too many)."), None),
    "factor_half": (N_("{output} is half the right result: a stray factor ½. The ½ of E = ½ Σ (y − t)² is "
                    "cancelled by the 2 that differentiation brings down."), "sos-gradient"),
    "factor_two": (N_("{output} is twice the right result: a stray factor 2. The ½ in E = ½ Σ (y − t)² "
                   "cancels the 2 that differentiation brings down."), "sos-gradient"),
    # updates and training
    "plus_instead_of_minus": (N_("your function moves the parameters uphill: the update adds η ∂E/∂W; "
                                 "gradient "
                              "descent subtracts it."), "sgd-update"),
    "no_learning_rate": (N_("your function subtracts the whole gradient: multiply it by the learning rate η "
                         "first."),
                         "sgd-update"),
    "no_shuffle": (N_("your function visits the samples in their original "
                   "order: shuffle them at the start of the "
                   "epoch with order = rng.permutation(len(x)), then use x[order] and t[order]."),
                   "online-learning"),
    "rng_not_used": (N_("your function never drew from rng: shuffle with the generator you are given, "
                     "order = rng.permutation(len(x)) (not np.random, which bpteach.train never uses)."),
                     "online-learning"),
    "rng_extra_draws": (N_("your function draws from rng more than one epoch needs: {returned}. "
                        "bpteach.train draws one rng.permutation(len(x)) per epoch and nothing else, so "
                        "with your function the next epoch would shuffle differently; remove the extra "
                        "draw (a leftover rng.permutation, rng.shuffle or rng.random)."),
                        "online-learning"),
    "separate_shuffles": (N_("your function shuffles x and t with two different "
                          "permutations, so the samples lost "
                          "their targets: draw one order = rng.permutation(len(x)) and use it for both."),
                          "online-learning"),
    "full_batch_step": (N_("your function takes one step with the gradient summed over all the samples "
                        "(full batch), or computes every sample's gradient with the old weights of the "
                        "start of the epoch; online learning updates after every sample, and the next "
                        "sample's gradient uses the updated weights."), "online-learning"),
    "params_not_updated": (N_("your function returns the parameters unchanged: they are never updated, or "
                           "the new values are never reassigned (p = p - η g inside `for p in params` "
                           "makes a new array and drops it; write params[i] = … or build a new list)."),
                           "sgd-update"),
    "sgd_roles_swapped": (N_("your function updates the gradient with the parameter, ∂E/∂W − η W: the "
                             "roles are swapped; the parameter is what moves, W − η ∂E/∂W."), "sgd-update"),
    "sgd_divided_by_rows": (N_("your function divides the step by len(W), the number of rows of W (the "
                               "habit of a mean over a batch); the step is η ∂E/∂W, with nothing more."),
                            "sgd-update"),
    "step_only": (N_("your function returns only the step −η ∂E/∂W, not the updated parameter "
                  "W − η ∂E/∂W."), "sgd-update"),
    "learning_rate_twice": (N_("your function applies the learning rate twice: the step is 2η ∂E/∂W "
                            "(two updates with the same gradient); subtract η ∂E/∂W once."), "sgd-update"),
    "learning_rate_squared": (N_("your function multiplies by η twice: the step is η² ∂E/∂W; multiply the "
                              "gradient by the learning rate η once."), "sgd-update"),
    "divided_by_learning_rate": (N_("your function divides the gradient by the learning rate η; multiply "
                                 "by it: W − η ∂E/∂W."), "sgd-update"),
    "epoch_replacement": (N_("your function draws the samples with replacement (rng.integers or rng.choice), "
                          "so some samples come twice and others never; an epoch visits every sample "
                          "once: order = rng.permutation(len(x))."), "online-learning"),
    "epoch_new_permutation": (N_("your function draws a new permutation at every step and takes one index "
                              "from each, so some samples come twice and others never; draw one "
                              "order = rng.permutation(len(x)) before the loop."), "online-learning"),
    "epoch_two_epochs": (N_("your function runs two epochs (two passes over the data); one epoch visits "
                         "every sample once."), "online-learning"),
    "epoch_one_sample_short": (N_("your function visits one sample fewer than the data holds (the last "
                               "of the order is left out, an off-by-one in the loop's range)."),
                               "online-learning"),
    "epoch_eta_twice": (N_("your function applies the learning rate twice at every step (two updates with "
                        "the same gradient, a step of 2η); subtract η ∂E/∂W once per sample."),
                        "sgd-update"),
    "epoch_eta_squared": (N_("your function multiplies the gradient by η twice (a step of η²); multiply by "
                          "the learning rate η once."), "sgd-update"),
    "epoch_divided_by_eta": (N_("your function divides the gradient by the learning rate η; multiply by it."),
                             "sgd-update"),
    "epoch_biases_not_updated": (N_("your function never updates the biases b1 and b2; only the weights "
                                 "change."), "sgd-update"),
    "epoch_b1_not_updated": (N_("your function never updates the bias b1 of the hidden layer."),
                             "sgd-update"),
    "epoch_b2_not_updated": (N_("your function never updates the bias b2 of the output layer."),
                             "sgd-update"),
    "epoch_W2_before_delta1": (N_("your function updates W2 before it computes δ1 = (δ2 W2ᵀ) ⊙ y1(1 − y1): "
                                  "δ1 "
                               "must use the W2 of the forward pass; compute every gradient first, "
                               "then update."), "net131-delta1"),
    "epoch_output_fprime": (N_("your function's backward pass multiplies δ2 by y (1 − y), the sigmoid's "
                               "derivative, at the identity output layer, whose f′ is 1: δ2 = y − t."),
                            "net131-grad-W2"),
    "epoch_sigmoid_output": (N_("your function trains a network with a sigmoid output layer: a sigmoid on "
                                "the output in the forward pass, y = σ(y1 W2 + b2), and its derivative "
                                "y (1 − y) in δ2. The 1-3-1 network's output layer is the identity, whose f′ "
                                "is 1: y = y1 W2 + b2 and δ2 = y − t."), "net131-grad-W2"),
    "epoch_last_gradient_only": (N_("your function updates the parameters once, after the loop, with the "
                                 "last sample's gradient only; online learning updates inside the "
                                 "loop, after every sample."), "online-learning"),
    "low_precision": (N_("{output} has only the precision of float32 or float16 (about 7 or 3 significant "
                      "digits): it was computed or returned in single or half precision, which can hide a "
                      "mistake in its rounding. Compute in float64, NumPy's default: drop the "
                      "dtype=np.float32 or .astype(np.float32)."), None),
    "wrong_order": (N_("your function returns the right arrays in another order: {returned}. Return "
                    "{expected}, in that order."), None),
    "equals_expression": (N_("{output} equals {expression}: an expression built from the exercise's own "
                          "quantities, not the right one"), None),
    "argument_order": (N_("your function takes its arguments in another order: {returned}"), None),
    # the tiny autograd (exercise 0b): what the learner's Value class does wrong
    "autograd_assigned": (N_("your backward assigns a gradient (grad = …) where it must add (grad += …): "
             "a node used by several nodes, like x here, keeps only the share of the last "
             "edge visited; by the branch rule its gradient is the sum of the shares of all "
             "its edges."),
             "graph-rules"),
    "autograd_not_topological": (N_("your backward visits the nodes in an order that is not reverse "
             "topological: a node sent its gradient on to its inputs before the "
             "gradients of all the nodes it feeds had arrived (or sent it more than "
             "once). Sort the nodes topologically once (each node after its "
             "inputs), then visit that list reversed, each node once."),
             "backward-order"),
    "autograd_order_and_not_reset": (N_("two mistakes at once: your backward visits the nodes in an order "
             "that is not reverse topological, and it does not set the .grad of "
             "every node to 0 before it starts (so a second E.backward() adds to the "
             "first). Set every .grad of the graph to 0, set E.grad = 1, then visit "
             "the nodes in reverse topological order, each node once."),
             "backward-order"),
    "autograd_not_reset": (N_("the first E.backward() is right, but the second adds to the gradients "
             "of the first: backward() must set the .grad of every node of the graph "
             "to 0 before it sets E.grad = 1 and sends the gradients back."),
             "graph-rules"),
    "autograd_mul_not_swapped": (N_("your multiply node sends back the incoming gradient times the "
             "input's own value; the multiply rule swaps the inputs: for z = p q, "
             "p receives z.grad * q.data and q receives z.grad * p.data."),
             "graph-rules"),
    "autograd_sigmoid_of_output": (N_("your sigmoid node takes the derivative at the wrong value: it "
             "applies σ′ to its output y, σ(y)(1 − σ(y)); written with the "
             "output, σ′(u) = y (1 − y), with no second σ."),
             "sigmoid-derivative"),
    "autograd_sigmoid_at_input": (N_("your sigmoid node multiplies by u (1 − u), with its input u; "
             "σ′(u) = y (1 − y) is written with its output y = σ(u)."),
             "sigmoid-derivative"),
    "autograd_sigmoid_one_factor": (N_("your sigmoid node multiplies by only one factor of its "
             "derivative, y or 1 − y; σ′(u) = y (1 − y) has both."),
             "sigmoid-derivative"),
    "autograd_add_as_mul": (N_("your add node multiplies the incoming gradient by the other input, as a "
             "multiply node does; the add rule passes it on unchanged to both inputs."),
             "graph-rules"),
    "autograd_no_upstream": (N_("your nodes send back their local derivative alone: each must multiply "
             "it by the gradient that arrived at its output (out.grad), the chain "
             "rule."),
             "graph-rules"),
    "autograd_seed_not_one": (N_("every gradient is 0: the backward pass must start from "
             "∂E/∂E = 1, E.grad = 1 (set after the reset to 0, not before)."),
             "graph-rules"),
    # gradients on a drawn graph (exercise 0a); {where} is the node above the edge
    "graph_add_as_mul": (N_("{output} multiplies the gradient at the + node {where} by the other input, as a "
             "multiply node does; an add node passes it on unchanged."),
             "graph-rules"),
    "graph_mul_not_swapped": (N_("{output} multiplies the gradient at the × node {where} by the input's own "
             "value; the multiply rule takes the other input's (the inputs swap)."),
             "graph-rules"),
    "graph_max_rule": (N_("{output} breaks the max rule at the max node {where}: the gradient at its output "
             "goes to the larger input only, the one that max passed on, and 0 goes to the "
             "smaller one."),
             "graph-rules"),
    "graph_relu_inactive": (N_(
             "{output} passes the gradient through the ReLU node {where} although its input "
             "is negative: there ReLU is flat, its derivative 0, and 0 goes back."),
             "graph-rules"),
    "graph_relu_output": (N_(
             "{output} multiplies by the ReLU node {where}'s output; its local derivative is 1 "
             "where the input is positive and 0 where it is negative."),
             "graph-rules"),
    "graph_sigmoid_of_output": (N_(
             "{output} takes the sigmoid node {where}'s derivative as σ(y)(1 − σ(y)), σ "
             "applied once more to its output y; σ′(u) = y (1 − y)."),
             "sigmoid-derivative"),
    "graph_sigmoid_at_input": (N_("{output} multiplies by u (1 − u), with the input u of the sigmoid node "
             "{where}; σ′(u) = y (1 − y) is written with its output y."),
             "sigmoid-derivative"),
    "graph_sigmoid_y": (N_("{output} multiplies by y alone at the sigmoid node {where}; σ′(u) = y (1 − y) "
             "has the factor 1 − y too."),
             "sigmoid-derivative"),
    "graph_sigmoid_1_minus_y": (N_("{output} multiplies by 1 − y alone at the sigmoid node {where}; "
             "σ′(u) = y (1 − y) has the factor y too."),
             "sigmoid-derivative"),
    "graph_error_itself": (N_("{output} is the error ½(y − t)² itself, not its derivative y − t."),
             "graph-rules"),
    "graph_no_upstream": (N_("{output} is the local derivative of the node {where} alone: multiply it by the "
             "gradient that arrives at {where}'s output (the chain rule)."),
             "graph-rules"),
    "graph_branch_one_share": (N_(
             "{output} is the share of one edge only, the one into {where}: by the branch "
             "rule the gradients of all its edges add."),
             "graph-rules"),
    "graph_sign": (N_("{output} has the wrong sign."),
             "graph-rules"),
    # what the function did to its arguments
    "modified_input": (N_("your function changed its argument {argument} in place (for example with "
                       "{argument} *= …, {argument} -= … or an out= argument): the caller still needs it. "
                       "Compute into a new array instead."), None),
    "returns_overwritten_view": (N_("{output} is a view of memory that is overwritten later ({where}): when "
                                 "that memory changes, your result changes with it. Return a new array "
                                 "(for example with .copy(), or by computing with + - * rather than "
                                 "in place)."),
                                 None),
}

#: Where the reference site lives; the HTML report links into it. None: the
