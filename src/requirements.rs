//! What a command needs before it starts: the project's declared requirements
//! (`.vault.toml` `require`) and `vault run --require KEY`, checked against the
//! resolved collections' metadata. Locations are clear metadata, so the check needs no
//! key: `vault check` and `vault run` name every missing one before anything is
//! unlocked, and a newcomer without the key learns what to ask for.

use std::collections::HashMap;

use crate::config::{Project, Requirement};
use crate::error::usage;
use crate::model::{SecretType, Summary};

/// One requirement and what meets it.
pub struct Need {
    pub requirement: Requirement,
    /// `--require` names env secrets only (the contract); a declared requirement is met
    /// by a secret of either type at its location (a file secret named like a variable
    /// exports that variable too).
    env_only: bool,
}

/// The project's declared requirements, then the `--require` flags, each checked.
pub fn needs(project: Option<&Project>, flags: &[String]) -> anyhow::Result<Vec<Need>> {
    let mut needs = Vec::new();
    for requirement in project.map_or(&[][..], |p| &p.config.require) {
        crate::model::validate_file_location(&requirement.name).map_err(|cause| {
            usage(format!(
                "{}: require: {cause}",
                project.map_or_else(String::new, |p| p.path.display().to_string())
            ))
        })?;
        needs.push(Need { requirement: requirement.clone(), env_only: false });
    }
    for key in flags {
        crate::model::validate_env_location(key)?;
        needs
            .push(Need { requirement: Requirement { name: key.clone(), description: None }, env_only: true });
    }
    Ok(needs)
}

impl Need {
    /// Whether a secret of this type at the location meets the requirement.
    fn accepts(&self, secret_type: SecretType) -> bool {
        !self.env_only || secret_type == SecretType::Env
    }

    /// Whether `summary` holds a secret that meets this requirement.
    pub fn is_met_by(&self, summary: &Summary) -> bool {
        summary
            .secrets
            .iter()
            .any(|meta| meta.location == self.requirement.name && self.accepts(meta.secret_type))
    }

    /// The name, with its description when it has one.
    pub fn shown(&self) -> String {
        let name = crate::output::sanitize(&self.requirement.name);
        match &self.requirement.description {
            Some(description) => format!("{name} ({})", crate::output::sanitize(description)),
            None => name,
        }
    }
}

/// The requirements the collections, merged as `vault run` merges them (a later
/// collection's secret at a location replaces an earlier one's), do not meet, in the
/// order declared.
pub fn missing<'a>(needs: &'a [Need], summaries: &[&Summary]) -> Vec<&'a Need> {
    let merged: HashMap<&str, SecretType> = summaries
        .iter()
        .flat_map(|summary| &summary.secrets)
        .map(|meta| (meta.location.as_str(), meta.secret_type))
        .collect();
    needs
        .iter()
        .filter(|need| !merged.get(need.requirement.name.as_str()).is_some_and(|&t| need.accepts(t)))
        .collect()
}

/// "DB_URL is not in any of app, prod/db": every missing requirement and where it was
/// looked for, as the collections were named.
pub fn missing_message(missing: &[&Need], collections: &[String]) -> String {
    let names: Vec<String> = missing.iter().map(|need| need.shown()).collect();
    let verb = if names.len() == 1 { "is" } else { "are" };
    let searched: Vec<String> = collections.iter().map(|c| crate::output::sanitize(c)).collect();
    let place = match searched.as_slice() {
        [one] => one.clone(),
        many => format!("any of {}", many.join(", ")),
    };
    format!("{} {verb} not in {place}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, SecretMeta};

    fn summary(secrets: &[(SecretType, &str)]) -> Summary {
        let metas = secrets.iter().map(|(t, l)| SecretMeta {
            secret_type: *t,
            location: (*l).into(),
            kind: Kind::Generic,
            size: 1,
        });
        let (workspace, id) = ("default".to_owned(), "app".to_owned());
        Summary {
            name: id.clone(),
            workspace,
            id,
            description: "d".into(),
            created_at: 1,
            updated_at: 1,
            secrets: metas.collect(),
        }
    }

    #[test]
    fn declared_requirements_take_either_type_and_flags_only_env() {
        let project = Project {
            path: ".vault.toml".into(),
            config: crate::config::ProjectConfig {
                require: vec![
                    Requirement { name: "DB_URL".into(), description: None },
                    Requirement {
                        name: "TLS_CERT".into(),
                        description: Some("the API's certificate".into()),
                    },
                ],
                ..Default::default()
            },
        };
        let needs = needs(Some(&project), &["TLS_CERT".into(), "TOKEN".into()]).unwrap();
        let app = summary(&[(SecretType::File, "TLS_CERT"), (SecretType::Env, "TOKEN")]);
        let missing = missing(&needs, &[&app]);
        let names: Vec<String> = missing.iter().map(|n| n.shown()).collect();
        assert_eq!(names, ["DB_URL", "TLS_CERT"], "the flag's TLS_CERT wants an env secret");
        assert_eq!(
            missing_message(&missing[..1], &["app".into(), "prod/db".into()]),
            "DB_URL is not in any of app, prod/db"
        );
        assert_eq!(missing_message(&missing, &["app".into()]), "DB_URL, TLS_CERT are not in app");
        // The later collection decides, as in `vault run`: its file TOKEN replaces the env one.
        let files = summary(&[(SecretType::File, "TOKEN")]);
        let names = |summaries: &[&Summary]| -> Vec<String> {
            super::missing(&needs, summaries).iter().map(|n| n.shown()).collect()
        };
        assert_eq!(names(&[&app, &files]), ["DB_URL", "TLS_CERT", "TOKEN"]);
        assert_eq!(names(&[&files, &app]), ["DB_URL", "TLS_CERT"]);
    }

    #[test]
    fn bad_names_are_refused_naming_the_project_file() {
        let project = Project {
            path: "/p/.vault.toml".into(),
            config: crate::config::ProjectConfig {
                require: vec![Requirement { name: "../x".into(), description: None }],
                ..Default::default()
            },
        };
        let error = needs(Some(&project), &[]).err().unwrap().to_string();
        assert!(error.starts_with("/p/.vault.toml: require: invalid file location"), "{error}");
        assert!(needs(None, &["1BAD".into()]).is_err());
    }
}
