package io.missioncontrol.project.hydra;

import java.util.List;
import java.util.Map;

/**
 * One Hydra config file, read: its own values (without {@code defaults}), its defaults list and its
 * {@code # @package} header.
 *
 * @param file path for messages, relative to the project root ({@code configs/model/cnn.yaml})
 * @param packageHeader the value of a {@code # @package} header, or {@code null}
 * @param content the file's values, in file order, without the {@code defaults} key
 * @param defaults the defaults list, in file order (empty when there is none)
 */
record ConfigFile(String file, String packageHeader, Map<String, Object> content, List<DefaultsEntry> defaults) {
}
