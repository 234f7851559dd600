package io.missioncontrol.project.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitRemoteUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "https://github.com/lab/train.git",
            "https://git.example.org:8443/group/sub/train",
            "ssh://git@github.com/lab/train.git",
            "ssh://git@[::1]:2222/srv/git/train.git",
            "git://git.example.org/train.git",
            "git@github.com:lab/train.git",
            "github.com:lab/train.git",
            "mlops@127.0.0.1:repos/train.git",
            "/srv/git/train.git",
            "/home/me/my-project",
            "file:///srv/git/train.git"
    })
    void plainRemotesAreUsableByClusters(String url) {
        assertThat(GitRemoteUrl.problem(url)).isEmpty();
        assertThat(GitRemoteUrl.isUsableByClusters(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ext::sh -c touch% /tmp/pwned",
            "ext::sh",
            "fd::17",
            "ssh://-oProxyCommand=touch /tmp/pwned/x",
            "ssh://-oProxyCommand=touch%20/tmp/pwned/x",
            "ssh://git@-oProxyCommand=x/repo",
            "ssh://-user@host/repo",
            "--upload-pack=touch /tmp/pwned",
            "--upload-pack=x",
            "-oProxyCommand=x:repo",
            "git@host:-oProxyCommand=x",
            "host:--upload-pack=x",
            "https://host/repo/--upload-pack=x",
            "https://host/repo?x=1",
            "https://host",
            "http://host/repo.git",
            "file://host/srv/git/repo.git",
            "file:///srv/-repo.git",
            "ftp://host/repo.git",
            "https:///nohost",
            "/srv/git/-repo",
            "/srv/git/repo\n--upload-pack=x",
            "relative/path/repo",
            "repo.git",
            "https://host/re po",
            "",
    })
    void hostileOrOddRemotesAreNot(String url) {
        assertThat(GitRemoteUrl.problem(url)).isPresent();
        assertThat(GitRemoteUrl.problem(url).orElseThrow()).doesNotContain("null");
    }
}
