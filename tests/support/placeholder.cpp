// Keeps the support library non-empty before any support file exists.
namespace madoguchi::tests {
int support_placeholder = 0;
}
