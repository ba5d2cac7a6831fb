import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { PageQuery, trim } from '@winvestco/common';
import { passwordWeakness, ROLES, STATUSES, type User, type UserRole, type UserStatus } from './domain/account.ts';

/** The password rule from the domain, as a decorator; the message says what is missing. */
function IsStrongPassword(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isStrongPassword',
      validator: {
        validate: (value) => typeof value === 'string' && passwordWeakness(value) === null,
        defaultMessage: (args) => `${args?.property} ${typeof args?.value === 'string' ? passwordWeakness(args.value) : 'must be a string'}`,
      },
    },
    options,
  );
}

const PHONE = /^\+?[0-9]{7,15}$/;
const PHONE_OR_EMPTY = /^(\+?[0-9]{7,15})?$/;

export class RegisterRequest {
  @Transform(trim) @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254)
  email!: string;

  @IsStrongPassword()
  password!: string;

  @Transform(trim) @IsString() @Length(1, 100)
  firstName!: string;

  @Transform(trim) @IsString() @Length(1, 100)
  lastName!: string;

  @IsOptional() @Matches(PHONE, { message: 'phone must be 7 to 15 digits, optionally starting with +' })
  phone?: string;
}

export class LoginRequest {
  @Transform(trim) @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @IsString() @Length(1, 128)
  password!: string;
}

/** Absent or null leaves a field as it is; `"phone": ""` clears the phone number. */
export class UpdateProfileRequest {
  @IsOptional() @Transform(trim) @IsString() @Length(1, 100)
  firstName?: string | null;

  @IsOptional() @Transform(trim) @IsString() @Length(1, 100)
  lastName?: string | null;

  @IsOptional() @Matches(PHONE_OR_EMPTY, { message: 'phone must be 7 to 15 digits, optionally starting with +, or "" to clear it' })
  phone?: string | null;
}

export class RefreshRequest {
  @IsString() @Length(1, 200)
  refreshToken!: string;
}

export class ChangePasswordRequest {
  @IsString() @Length(1, 128)
  currentPassword!: string;

  @IsStrongPassword()
  newPassword!: string;
}

export class ChangeStatusRequest {
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status!: UserStatus;

  @IsOptional() @IsString() @Length(1, 500)
  reason?: string;
}

export class ChangeRolesRequest {
  @IsArray() @ArrayMaxSize(3) @IsIn(ROLES, { each: true, message: `each role must be one of ${ROLES.join(', ')}` })
  roles!: UserRole[];
}

export class ListUsersQuery extends PageQuery {
  @IsOptional() @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: UserStatus;
}

/** What clients see of a user: never the password hash. */
export type UserView = Omit<User, 'createdAt' | 'updatedAt' | 'lastLoginAt'> & { createdAt: string; updatedAt: string; lastLoginAt: string | null };

export function userView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    phone: user.phone,
    clientId: user.clientId,
    status: user.status,
    roles: user.roles,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}
