/* test_inputs.c — a run's inputs: folders walked in a stable order, documents
 * recognised by name and content, the rest counted (read/inputs.c). */
#include "testutil.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char root[64];
} tree;

static void put(const tree *t, const char *rel, const void *bytes, size_t len)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", t->root, rel);
    /* Every folder on the way. */
    for (char *slash = strchr(path + strlen(t->root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0700);
        *slash = '/';
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
}

static void remove_tree(const char *root)
{
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
}

static int make_tree(void **state)
{
    static tree t;
    snprintf(t.root, sizeof t.root, "/tmp/jx_inputs_XXXXXX");
    assert_non_null(mkdtemp(t.root));
    static const char text[] = "一级指标\t分值\n产出\t50\n";
    static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n";
    put(&t, "b/2024/自评.txt", text, sizeof text - 1);
    put(&t, "b/2023/自评.TXT", text, sizeof text - 1);
    put(&t, "a/表.csv", text, sizeof text - 1);
    put(&t, "a/说明.doc.bak", text, sizeof text - 1);   /* not a document by name nor content */
    put(&t, "a/scan", pdf, sizeof pdf - 1);             /* a PDF without its ending */
    put(&t, "a/~$表.xlsx", text, sizeof text - 1);      /* an office lock file */
    put(&t, ".git/config.txt", text, sizeof text - 1);  /* hidden: not walked, not counted */
    put(&t, "a/.hidden.txt", text, sizeof text - 1);
    char link[PATH_MAX];
    snprintf(link, sizeof link, "%s/b/loop", t.root);
    assert_int_equal(symlink(t.root, link), 0);         /* a link back up is not followed */
    *state = &t;
    return 0;
}

static int drop_tree(void **state)
{
    remove_tree(((tree *)*state)->root);
    return 0;
}

static void test_folder_in_name_order(void **state)
{
    const tree *t = *state;
    const char *args[] = {t->root};
    char **paths = NULL;
    size_t n = 0, skipped = 0;
    jx_error err = {0};
    assert_int_equal(jx_inputs_collect(args, 1, &paths, &n, &skipped, &err), JX_OK);
    const char *want[] = {"a/scan", "a/表.csv", "b/2023/自评.TXT", "b/2024/自评.txt"};
    assert_int_equal(n, 4);
    for (size_t i = 0; i < n; i++) {
        char expect[PATH_MAX];
        snprintf(expect, sizeof expect, "%s/%s", t->root, want[i]);
        assert_string_equal(paths[i], expect);
    }
    /* 说明.doc.bak, the lock file and the link to a folder. */
    assert_int_equal(skipped, 3);
    jx_inputs_free(paths, n);
}

static void test_files_taken_as_named(void **state)
{
    const tree *t = *state;
    char sub[PATH_MAX], bak[PATH_MAX];
    snprintf(sub, sizeof sub, "%s/b/", t->root);
    snprintf(bak, sizeof bak, "%s/a/说明.doc.bak", t->root);
    /* A file named is the user's choice, even one that does not exist; a
     * folder with its slash is walked, its paths without a doubled one. */
    const char *args[] = {"/nonexistent/x.txt", bak, sub};
    char **paths = NULL;
    size_t n = 0, skipped = 0;
    jx_error err = {0};
    assert_int_equal(jx_inputs_collect(args, 3, &paths, &n, &skipped, &err), JX_OK);
    assert_int_equal(n, 4);
    assert_string_equal(paths[0], "/nonexistent/x.txt");
    assert_string_equal(paths[1], bak);
    char expect[PATH_MAX];
    snprintf(expect, sizeof expect, "%s/b/2023/自评.TXT", t->root);
    assert_string_equal(paths[2], expect);
    assert_int_equal(skipped, 1); /* the link */
    jx_inputs_free(paths, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_folder_in_name_order),
        cmocka_unit_test(test_files_taken_as_named),
    };
    return cmocka_run_group_tests(tests, make_tree, drop_tree);
}
